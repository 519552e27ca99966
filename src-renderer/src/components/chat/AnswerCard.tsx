import type { Turn } from '../../hooks/useChat';
import { useT } from '../../i18n';
import { isEmptyScope } from '../../state/scope';
import { useViewer } from '../../state/viewer';
import { ErrorNote } from '../ErrorNote';
import { Icon } from '../Icon';
import { ScopeChips } from '../search/ScopeChips';
import { CitedText, citationTargets, viewerTarget } from './CitedText';

/** One question and its answer: how it was made (LLM or extractive), the text with citation chips, the sources. */
export function AnswerCard({ turn }: { turn: Turn }) {
  const t = useT();
  const viewer = useViewer();
  const targets = citationTargets(turn.answer?.citations, turn.passages);
  const streaming = turn.phase !== 'done';
  const cancelled = turn.answer?.cancelled || (turn.stopped && turn.phase === 'done');
  const sources = turn.answer ? [...new Map(turn.answer.citations.map((c) => [c.n, c])).values()].sort((a, b) => a.n - b.n) : [];
  return (
    <article className="turn" aria-label={t('chat.turnLabel', { n: turn.id })} data-testid="chat-turn">
      <div className="bubble-question" data-testid="chat-question">
        {turn.question}
      </div>
      {!isEmptyScope(turn.scope) && <ScopeChips draft={turn.scope} testId="chat-turn-scope" />}
      <div className="answer" data-testid="answer" data-state={streaming ? 'streaming' : cancelled ? 'cancelled' : 'done'} data-mode={turn.mode?.mode ?? ''}>
        <div className="answer-meta">
          {turn.mode?.mode === 'llm' && (
            <span className="badge badge-llm" data-testid="answer-mode" data-mode="llm">
              {t('answer.llm', { model: turn.mode.model ?? '' })}
            </span>
          )}
          {turn.mode?.mode === 'extractive' && (
            <span className="badge badge-extractive" data-testid="answer-mode" data-mode="extractive">
              {t('answer.extractive')}
            </span>
          )}
          {cancelled && (
            <span className="badge badge-cancelled" data-testid="answer-cancelled">
              {t('answer.cancelled')}
            </span>
          )}
        </div>
        {turn.mode?.mode === 'extractive' && turn.mode.reason && (
          <p className="answer-reason" data-testid="answer-reason">
            {t('answer.extractiveReason', { reason: turn.mode.reason })}
          </p>
        )}
        <div className="answer-text" aria-live="polite" aria-busy={streaming} data-testid="answer-text">
          {turn.text ? (
            <CitedText text={turn.text} targets={targets} />
          ) : streaming ? (
            <span className="muted">{turn.phase === 'retrieving' ? t('answer.retrieving') : t('answer.generating')}</span>
          ) : (
            !turn.error && <span className="muted">{t('answer.empty')}</span>
          )}
          {streaming && turn.text && <span className="caret" aria-hidden="true" />}
        </div>
        {turn.error && <ErrorNote testId="answer-error">{t(turn.text ? 'answer.errorAfter' : 'answer.failed', { message: turn.error })}</ErrorNote>}
        {sources.length > 0 && (
          <section className="sources" aria-label={t('answer.sources')} data-testid="answer-sources">
            <h3>{t('answer.sources')}</h3>
            <ol>
              {sources.map((c) => (
                <li key={c.n}>
                  <button type="button" className="source" onClick={() => viewer.open(viewerTarget(c))} data-testid="source-item" data-n={c.n}>
                    <span className="chip chip-static" aria-hidden="true">
                      {c.n}
                    </span>
                    <Icon name="doc" size={16} />
                    {t('answer.sourceItem', { title: c.title, page: c.pageNo })}
                  </button>
                </li>
              ))}
            </ol>
          </section>
        )}
      </div>
    </article>
  );
}
