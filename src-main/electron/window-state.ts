/** Window size, position and maximised state kept between launches (window-state.json in the data folder). */
import fs from 'node:fs';
import path from 'node:path';
import { screen, type BrowserWindow, type Rectangle } from 'electron';

const FILE = 'window-state.json';

export interface WindowState {
  bounds: Partial<Rectangle> & { width: number; height: number };
  maximized: boolean;
}

export function loadWindowState(dataDir: string): WindowState {
  const fallback: WindowState = { bounds: { width: 1280, height: 820 }, maximized: false };
  try {
    const s = JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8')) as WindowState;
    const b = s.bounds;
    if (![b.width, b.height].every((v) => Number.isInteger(v) && v >= 400 && v <= 10_000)) return fallback;
    // a saved position off every current display (a monitor was unplugged) is dropped
    const visible = b.x !== undefined && b.y !== undefined && screen.getAllDisplays().some((d) => b.x! < d.workArea.x + d.workArea.width && b.x! + b.width > d.workArea.x && b.y! >= d.workArea.y - 20 && b.y! < d.workArea.y + d.workArea.height);
    return { bounds: visible ? b : { width: b.width, height: b.height }, maximized: s.maximized === true };
  } catch {
    return fallback;
  }
}

export function trackWindowState(win: BrowserWindow, dataDir: string): void {
  const save = () => {
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      fs.writeFileSync(path.join(dataDir, FILE), JSON.stringify(state));
    } catch {
      // losing the window position is not worth an error dialog
    }
  };
  win.on('close', save);
}
