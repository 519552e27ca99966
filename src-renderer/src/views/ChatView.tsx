import { useEffect, useRef } from 'react';
import { AnswerCard } from '../components/chat/AnswerCard';
import { ChatInput } from '../components/chat/ChatInput';
import { EmptyState } from '../components/EmptyState';
import { Icon } from '../components/Icon';
import { ScopeChips } from '../components/search/ScopeChips';
import { useChat } from '../hooks/useChat';
import { useT } from '../i18n';
import { useScope } from '../state/scope';

export function ChatView() {
  const t = useT();
  const chat = useChat();
  const [scope, setScope] = useScope('chat');
  const log = useRef<HTMLDivElement>(null);
  const last = chat.turns.at(-1);
  // follow the streaming answer, unless the reader has scrolled up to read something else
  useEffect(() => {
    const el = log.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 160) el.scrollTop = el.scrollHeight;
  }, [last?.text, last?.phase, chat.turns.length]);
  return (
    <section className="view view-chat" aria-labelledby="chat-heading">
      <header className="view-header">
        <h1 id="chat-heading">{t('chat.title')}</h1>
        <button type="button" className="btn" onClick={chat.reset} disabled={!chat.turns.length} data-testid="chat-new">
          <Icon name="plusChat" />
          {t('chat.new')}
        </button>
      </header>
      <div className="chat-log" ref={log} role="log" aria-label={t('chat.logLabel')} data-testid="chat-log">
        {chat.turns.length ? chat.turns.map((turn) => <AnswerCard key={turn.id} turn={turn} />) : <EmptyState icon="chat" title={t('chat.emptyTitle')} hint={t('chat.emptyHint')} testId="chat-empty" />}
      </div>
      <ScopeChips draft={scope} onChange={setScope} testId="chat-scope" />
      <ChatInput busy={chat.busy} onSend={(question) => chat.ask(question, scope)} onStop={chat.stop} />
    </section>
  );
}
