/**
 * The renderer's only door to the app (sandboxed preload, CommonJS): one typed bridge, `window.docsearch`
 * (src-shared/rpc.ts DesktopBridge). Requests go to the engine through the MessagePort the
 * main process sends once the page has loaded (main relays them to the engine process); nothing else of
 * Electron or Node is exposed.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS
import electron = require('electron');
import type { DesktopBridge, RpcRequest, RpcResponse } from '#shared/rpc' with { 'resolution-mode': 'import' };

const { contextBridge, ipcRenderer, webUtils } = electron;
type Port = Electron.IpcRendererEvent['ports'][number];

let port: Port | null = null;
const queued: RpcRequest[] = [];
let listener: ((r: RpcResponse) => void) | null = null;

ipcRenderer.on('docsearch:port', (event) => {
  port = event.ports[0] ?? null;
  if (!port) return;
  port.onmessage = (m: { data: RpcResponse }) => listener?.(m.data);
  for (const r of queued.splice(0)) port.postMessage(r);
});

const bridge: DesktopBridge = {
  send(req) {
    if (port) port.postMessage(req);
    else queued.push(req);
  },
  onResponse(l) {
    listener = l;
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
  pickPaths: (kind) => ipcRenderer.invoke('docsearch:pick', kind === 'folder' ? 'folder' : 'files') as Promise<string[]>,
};

contextBridge.exposeInMainWorld('docsearch', bridge);
