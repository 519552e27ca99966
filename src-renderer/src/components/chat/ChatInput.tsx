import { useState, type KeyboardEvent } from 'react';
import { useT } from '../../i18n';
import { Icon } from '../Icon';

/** The question box: Enter sends, Shift+Enter is a new line, Enter that confirms IME conversion does neither. */
export function ChatInput({ busy, onSend, onStop }: { busy: boolean; onSend(q: string): void; onStop(): void }) {
  const t = useT();
  const [text, setText] = useState('');
  const send = () => {
    const q = text.trim();
    if (!q || busy) return;
    onSend(q);
    setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    send();
  };
  return (
    <form
      className="chat-input"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <textarea
        className="chat-textarea"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder={t('chat.placeholder')}
        aria-label={t('chat.inputLabel')}
        rows={2}
        data-testid="chat-input"
      />
      {/* keys: two different buttons, not one that changes colour and meaning under the pointer */}
      {busy ? (
        <button key="stop" type="button" className="btn btn-danger" onClick={onStop} data-testid="chat-stop">
          <Icon name="stop" />
          {t('chat.stop')}
        </button>
      ) : (
        <button key="send" type="submit" className="btn btn-primary" disabled={!text.trim()} data-testid="chat-send">
          <Icon name="send" />
          {t('chat.send')}
        </button>
      )}
    </form>
  );
}
