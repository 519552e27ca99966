/**
 * Electron main process: one window, the engine in a utilityProcess, the renderer served from the
 * app's own protocol with a strict CSP. Kept thin: everything the user does goes renderer → preload port →
 * engine process (src-shared/rpc.ts); main only wires ports, serves files and binary methods, and owns the
 * native parts (menu, pickers, window state, shutdown).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, MessageChannelMain, protocol, session, utilityProcess, type UtilityProcess, type WebFrameMain } from 'electron';
import { contentSecurityPolicy, contentType, safeRelativePath } from '../serve/http-helpers.js';
import { defaultDataDir } from '../engine/paths.js';
import { BINARY_SCHEME } from '#shared/rpc';
import { APP_ORIGIN, isAppPage, isLocalRequest } from './app-urls.js';
import type { HostRequest, HostResponse } from './host-messages.js';
import { appMenu } from './menu.js';
import { loadWindowState, trackWindowState } from './window-state.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CSP = contentSecurityPolicy({ connect: [`${BINARY_SCHEME}:`], img: [`${BINARY_SCHEME}:`] });
const devUrl = app.isPackaged ? undefined : process.env.DOCSEARCH_DEV_URL;

protocol.registerSchemesAsPrivileged([
  { scheme: 'docsearch-app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: BINARY_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

let win: BrowserWindow | null = null;
let engine: UtilityProcess | null = null;
let nextBinary = 1;
const binaries = new Map<number, (r: HostResponse & { type: 'binary' }) => void>();

const dataDir = defaultDataDir();
const rendererDir = path.join(app.getAppPath(), 'out', 'renderer');
const modelsDir = app.isPackaged ? path.join(process.resourcesPath, 'models') : path.join(app.getAppPath(), 'models');

function startEngine(): UtilityProcess {
  fs.mkdirSync(dataDir, { recursive: true });
  const child = utilityProcess.fork(path.join(here, 'engine-host.js'), [dataDir, modelsDir, app.isPackaged ? 'packaged' : 'dev'], { serviceName: 'docsearch-engine' });
  child.on('message', (r: HostResponse) => {
    if (r.type === 'binary') binaries.get(r.id)?.(r);
  });
  child.on('exit', (code) => {
    if (!quitting) dialog.showErrorBox('文書検索', `検索エンジンのプロセスが終了しました (code ${code})。アプリを再起動してください。`);
  });
  return child;
}

function send(msg: HostRequest, ports?: Electron.MessagePortMain[]): void {
  engine?.postMessage(msg, ports);
}

/** Only the app's own page may use the main-process IPC. */
function trusted(frame: WebFrameMain | null): boolean {
  if (!frame) return false;
  const url = frame.url;
  return isAppPage(url, devUrl);
}

function createWindow(): BrowserWindow {
  const state = loadWindowState(dataDir);
  const w = new BrowserWindow({
    ...state.bounds,
    minWidth: 900,
    minHeight: 600,
    title: '文書検索',
    show: false,
    webPreferences: {
      preload: path.join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) w.maximize();
  trackWindowState(w, dataDir);
  w.once('ready-to-show', () => w.show());
  // a fresh port to the engine for every page load (a reload drops the old one)
  w.webContents.on('did-finish-load', () => {
    const { port1, port2 } = new MessageChannelMain();
    send({ type: 'connect' }, [port1]);
    w.webContents.postMessage('docsearch:port', null, [port2]);
  });
  void w.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`);
  return w;
}

function registerProtocols(): void {
  protocol.handle('docsearch-app', async (req) => {
    const rel = safeRelativePath(decodeURIComponent(new URL(req.url).pathname)) ?? 'index.html';
    const file = path.join(rendererDir, rel);
    try {
      return new Response(await fs.promises.readFile(file), { headers: { 'content-type': contentType(file), 'content-security-policy': CSP } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
  // the table's binary methods (page images): the engine process answers the URL
  protocol.handle(BINARY_SCHEME, (req) => {
    const id = nextBinary++;
    return new Promise<Response>((resolve) => {
      binaries.set(id, (r) => {
        binaries.delete(id);
        const e = r.error;
        // errors as serve words them over HTTP: { error, code, params }, for the renderer to word
        resolve(r.bytes ? new Response(Buffer.from(r.bytes), { headers: { 'content-type': r.mime ?? 'application/octet-stream' } }) : Response.json({ error: e?.message, code: e?.code, params: e?.params }, { status: 404 }));
      });
      send({ type: 'binary', id, url: req.url });
    });
  });
}

function lockDown(): void {
  // no permission (camera, notifications, geolocation…) is ever needed
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  // the page may only load the app's own protocols (and, in development, Vite's server): nothing leaves
  session.defaultSession.webRequest.onBeforeRequest((details, cb) => {
    const u = details.url;
    cb({ cancel: !isLocalRequest(u, devUrl) });
  });
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppPage(url, devUrl)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  ipcMain.handle('docsearch:pick', async (event, kind: unknown) => {
    if (!trusted(event.senderFrame)) throw new Error('refused: not the app page');
    if (kind !== 'files' && kind !== 'folder') throw new Error('kind must be files or folder');
    const r = await dialog.showOpenDialog(win!, {
      properties: kind === 'folder' ? ['openDirectory'] : ['openFile', 'multiSelections'],
      filters: kind === 'files' ? [{ name: '文書', extensions: ['pdf', 'png', 'jpg', 'jpeg', 'tif', 'tiff', 'txt', 'md'] }] : undefined,
    });
    return r.canceled ? [] : r.filePaths;
  });
}

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !engine) return;
  // let the engine stop its jobs after the current page and close the store, then quit
  event.preventDefault();
  quitting = true;
  const done = () => app.quit();
  const timer = setTimeout(() => {
    engine?.kill();
    done();
  }, 10_000);
  engine.once('exit', () => {
    clearTimeout(timer);
    done();
  });
  send({ type: 'shutdown' });
});

app.on('second-instance', () => {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
});

app.on('window-all-closed', () => app.quit());

void app.whenReady().then(() => {
  lockDown();
  registerProtocols();
  Menu.setApplicationMenu(appMenu(!app.isPackaged));
  engine = startEngine();
  win = createWindow();
  win.on('closed', () => (win = null));
});
