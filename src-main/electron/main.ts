/**
 * Electron main process: one window, the engine in a utilityProcess kept running by the supervisor
 * (rpc/engine-supervisor.ts: restarted with back-off when it dies, calls in flight rejected with the
 * reason), the renderer served from the app's own protocol with a strict CSP. Kept thin: everything the
 * user does goes renderer → preload port → main → engine process (src-shared/rpc.ts); main only relays,
 * serves files and binary methods, and owns the native parts (menu, pickers, window state, shutdown).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, MessageChannelMain, protocol, session, utilityProcess, type WebFrameMain } from 'electron';
import { binaryHeaders, contentSecurityPolicy, contentType, safeRelativePath } from '../serve/http-helpers.js';
import { defaultDataDir } from '../engine/paths.js';
import { BINARY_SCHEME } from '#shared/rpc';
import { APP_ORIGIN, isAppPage, isLocalRequest } from './app-urls.js';
import { answerBinary, rpcConnection } from '../rpc/dispatch.js';
import { superviseEngine, type FromEngine, type SupervisedEngine } from '../rpc/engine-supervisor.js';
import { appMenu } from './menu.js';
import { loadWindowState, trackWindowState } from './window-state.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CSP = contentSecurityPolicy({ connect: [`${BINARY_SCHEME}:`], img: [`${BINARY_SCHEME}:`] });
const devUrl = app.isPackaged ? undefined : process.env.DOCSEARCH_DEV_URL;

protocol.registerSchemesAsPrivileged([
  { scheme: 'docsearch-app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: BINARY_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// A second launch only focuses the first one's window: it must not start a second engine on the store
// before it quits, so nothing below runs without the lock.
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();

let win: BrowserWindow | null = null;
let engine: SupervisedEngine | null = null;

const dataDir = defaultDataDir();
const rendererDir = path.join(app.getAppPath(), 'out', 'renderer');
const modelsDir = app.isPackaged ? path.join(process.resourcesPath, 'models') : path.join(app.getAppPath(), 'models');

function startEngine(): SupervisedEngine {
  fs.mkdirSync(dataDir, { recursive: true });
  return superviseEngine(
    ({ message, exit }) => {
      const child = utilityProcess.fork(path.join(here, 'engine-host.js'), [dataDir, modelsDir, app.isPackaged ? 'packaged' : 'dev'], { serviceName: 'docsearch-engine' });
      let fatal = '';
      child.on('message', (m: FromEngine) => message(m));
      child.on('error', (_type, location) => (fatal = `a fatal error in the engine process (${location})`));
      child.on('exit', (code) => exit(fatal || `the engine process ended with code ${code}`));
      return { pid: child.pid, send: (m) => child.postMessage(m), kill: () => child.kill() };
    },
    {
      // restarts are told by the calls they cut off; only giving up needs a dialog
      onHealth: (h) => {
        if (h.state === 'down' && !quitting) dialog.showErrorBox('文書検索', `検索エンジンを起動できませんでした。アプリを再起動してください。\n\n${h.reason}`);
      },
    },
  );
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
  // a fresh port for every page load (a reload drops the old one, and its calls are cancelled); main relays
  // it to the supervised engine, so the page keeps its port when the engine process is restarted
  w.webContents.on('did-finish-load', () => {
    const { port1, port2 } = new MessageChannelMain();
    const conn = rpcConnection(engine!.api, (r) => port1.postMessage(r));
    port1.on('message', (e) => conn.handle(e.data));
    port1.on('close', () => conn.closeAll());
    port1.start();
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
  protocol.handle(BINARY_SCHEME, async (req) => {
    const r = await (answerBinary(engine!.api, new URL(req.url)) ?? Promise.resolve(null));
    if (r?.ok) return new Response(Buffer.from(r.bytes), { headers: binaryHeaders(r) });
    // errors as serve words them over HTTP: { error, code, params }, for the renderer to word
    return Response.json(r ? { error: r.error.message, code: r.error.code, params: r.error.params } : { error: 'not found' }, { status: 404 });
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
  void engine.shutdown(10_000).then(() => app.quit());
});

app.on('second-instance', () => {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
});

app.on('window-all-closed', () => app.quit());

if (primary) {
  void app.whenReady().then(() => {
    lockDown();
    registerProtocols();
    Menu.setApplicationMenu(appMenu(!app.isPackaged));
    engine = startEngine();
    // once per launch, not per engine restart: a GGUF shipped in models/llm imported into a local Ollama
    // that lacks the model
    void Promise.resolve(engine.api.llmStatus({ ensure: true })).catch(() => {});
    win = createWindow();
    win.on('closed', () => (win = null));
  });
}
