import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Box } from '#shared/api';
import { CallError, describeError } from '../../api/errors';
import { responseError } from '../../api/upload';
import { useT } from '../../i18n';
import { ErrorNote } from '../ErrorNote';

/**
 * The page drawn by the engine, with boxes (fractions of the page, origin top-left) laid over it in %,
 * so they follow any zoom. When the image fails, the host's error text says why (file moved or changed),
 * and the stored text (`fallback`) is shown instead.
 */
export function PageImage({ url, boxes, zoom, alt, fallback }: { url: string; boxes: readonly Box[]; zoom: number; alt: string; fallback: ReactNode }) {
  const t = useT();
  const [state, setState] = useState<'loading' | 'loaded' | { error: string }>('loading');
  const firstBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state === 'loaded') firstBox.current?.scrollIntoView({ block: 'center', inline: 'nearest' });
  }, [state]);
  const onError = () => {
    fetch(url)
      .then(async (r) => (r.ok ? '' : describeError(t, new CallError(responseError(r.status, await r.text())))))
      .catch(() => '')
      .then((message) => setState({ error: message || t('viewer.imageUnknownError') }));
  };
  if (typeof state === 'object')
    return (
      <>
        <ErrorNote testId="viewer-error">{t('viewer.imageError', { message: state.error })}</ErrorNote>
        <div className="fallback-text">{fallback}</div>
      </>
    );
  return (
    <div className="page-stage" style={{ width: `${zoom * 100}%` }} aria-busy={state === 'loading'}>
      <img src={url} alt={alt} className="page-image" onLoad={() => setState('loaded')} onError={onError} data-testid="viewer-image" draggable={false} />
      {state === 'loaded' &&
        boxes.map((b, i) => (
          <div
            key={i}
            ref={i === 0 ? firstBox : undefined}
            className="hl-box"
            style={{ left: `${b.x * 100}%`, top: `${b.y * 100}%`, width: `${b.w * 100}%`, height: `${b.h * 100}%` }}
            data-testid="highlight-box"
          />
        ))}
    </div>
  );
}
