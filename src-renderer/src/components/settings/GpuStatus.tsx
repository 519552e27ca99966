import type { ModelStatus } from '#shared/api';
import { useT } from '../../i18n';

/** Whether inference runs on the GPU: read from the execution provider of the models loaded so far. */
export function GpuStatus({ models }: { models: readonly ModelStatus[] }) {
  const t = useT();
  const loaded = models.filter((m) => m.loaded);
  const cuda = loaded.some((m) => m.provider === 'cuda');
  const reason = loaded.find((m) => m.fallbackReason)?.fallbackReason;
  const provider = cuda ? 'cuda' : loaded.length ? 'cpu' : 'unknown';
  return (
    <div className="gpu" data-testid="gpu-status" data-provider={provider}>
      <span className={`status ${cuda ? 'status-ok' : loaded.length ? 'status-neutral' : 'status-idle'}`}>{t(`gpu.${provider}`)}</span>
      {!cuda && reason && <p className="muted">{t('gpu.reason', { reason })}</p>}
      {!loaded.length && <p className="muted">{t('gpu.unknownHint')}</p>}
    </div>
  );
}
