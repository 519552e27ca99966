import type { DesktopBridge } from '#shared/rpc';
import { browserTransport } from './browser';
import { engineClient, type EngineClient } from './client';
import { electronTransport } from './electron';
import { takeToken } from './token';

declare global {
  interface Window {
    /** set by the Electron preload; absent when the page comes from `docsearch serve` */
    docsearch?: DesktopBridge;
  }
}

/** The one client of this window, over whichever host opened it. */
export function createClient(): EngineClient {
  return engineClient(window.docsearch ? electronTransport(window.docsearch) : browserTransport(takeToken()));
}
