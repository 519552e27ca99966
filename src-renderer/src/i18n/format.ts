import { uploadIdOf } from '#shared/api';
import type { Lang, Translate } from './index';

/** Number, size, date and duration formats of the UI language. */
export function formatBytes(lang: Lang, bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: u === 0 || v >= 100 ? 0 : 1 }).format(v)} ${units[u]}`;
}

export function formatDate(lang: Lang, iso: string): string {
  // the store keeps SQLite's "YYYY-MM-DD HH:MM:SS" in UTC
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso.replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatNumber(lang: Lang, n: number): string {
  return new Intl.NumberFormat(lang).format(n);
}

export function formatDuration(t: Translate, seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return t('time.seconds', { n: s });
  // rounded to minutes first, so 3,590 s is "1 h 0 min", never "60 min"
  const min = Math.round(s / 60);
  if (min < 60) return t('time.minutes', { n: min });
  return t('time.hours', { h: Math.floor(min / 60), m: min % 60 });
}

/**
 * A document's path as shown: a copy uploaded to `serve` (…/uploads/<sha256>/<name> on the server) by the
 * name the user dropped, not the server's folder.
 */
export function shownPath(t: Translate, path: string): string {
  const upload = uploadIdOf(path);
  return upload ? t('path.uploaded', { name: upload.slice(upload.indexOf('/') + 1) }) : path;
}
