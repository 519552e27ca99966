import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatDuration, formatNumber, shownPath } from './format';
import { ja } from './ja';
import type { Translate } from './index';

describe('formatBytes', () => {
  it('picks the unit and shows one decimal only below 100 of it', () => {
    expect(formatBytes('en', 0)).toBe('0 B');
    expect(formatBytes('en', 1023)).toBe('1,023 B');
    expect(formatBytes('en', 1536)).toBe('1.5 KB');
    expect(formatBytes('en', 150.4 * 1024)).toBe('150 KB');
    expect(formatBytes('ja', 5.25 * 1024 ** 3)).toBe('5.3 GB');
  });

  it('stays at TB for anything bigger', () => {
    expect(formatBytes('en', 3 * 1024 ** 5)).toBe('3,072 TB');
  });
});

describe('formatDate', () => {
  const tz = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Asia/Tokyo';
  });
  afterAll(() => {
    process.env.TZ = tz;
  });

  it("reads the store's SQLite timestamps as UTC and shows them in local time", () => {
    expect(formatDate('ja', '2024-03-05 14:07:00')).toBe('2024/03/05 23:07');
    expect(formatDate('en', '2024-03-05 14:07:00')).toBe('Mar 5, 2024, 11:07 PM');
  });

  it('keeps an explicit zone', () => {
    expect(formatDate('ja', '2024-03-05T14:07:00Z')).toBe('2024/03/05 23:07');
    expect(formatDate('ja', '2024-03-05T14:07:00+09:00')).toBe('2024/03/05 14:07');
  });

  it('shows what it cannot read as it is', () => {
    expect(formatDate('ja', 'yesterday')).toBe('yesterday');
  });
});

describe('formatNumber', () => {
  it('groups thousands', () => {
    expect(formatNumber('ja', 1234567)).toBe('1,234,567');
  });
});

describe('formatDuration', () => {
  const t: Translate = (key, params) => `${key}${JSON.stringify(params)}`;

  it('rounds to seconds, minutes, or hours and minutes, never below one second', () => {
    expect(formatDuration(t, 0.2)).toBe('time.seconds{"n":1}');
    expect(formatDuration(t, 59.4)).toBe('time.seconds{"n":59}');
    expect(formatDuration(t, 89)).toBe('time.minutes{"n":1}');
    expect(formatDuration(t, 90)).toBe('time.minutes{"n":2}');
    expect(formatDuration(t, 3600 + 25 * 60 + 10)).toBe('time.hours{"h":1,"m":25}');
    // never "60 min": minutes are rounded before hours are split off
    expect(formatDuration(t, 3590)).toBe('time.hours{"h":1,"m":0}');
    expect(formatDuration(t, 7170)).toBe('time.hours{"h":2,"m":0}');
  });
});

describe('shownPath', () => {
  const t: Translate = (key, params) => ja[key].replace('{name}', String(params?.name));
  const sha = 'ab'.repeat(32);

  it("shows a copy uploaded to serve by the dropped file's name, not the server's folder", () => {
    expect(shownPath(t, `/home/u/.local/share/docsearch/uploads/${sha}/就業規則 2026.pdf`)).toBe('アップロード: 就業規則 2026.pdf');
    expect(shownPath(t, `C:\\Users\\u\\AppData\\docsearch\\uploads\\${sha}\\memo.txt`)).toBe('アップロード: memo.txt');
  });

  it('leaves every other path as it is', () => {
    for (const p of ['/share/総務/就業規則.pdf', `/share/${sha.slice(1)}/a.pdf`, 'C:\\docs\\a.pdf']) expect(shownPath(t, p)).toBe(p);
  });
});
