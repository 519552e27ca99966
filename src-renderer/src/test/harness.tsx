/**
 * Test doubles for the renderer's unit tests: an in-memory Transport whose calls the test answers by hand
 * (events, result, error), and the app's providers around a hook. The real engine is covered by e2e.
 */
import type { ReactNode } from 'react';
import { engineClient, type EngineClient } from '../api/client';
import type { ConnectionState, Transport } from '../api/transport';
import { I18nProvider } from '../i18n';
import { ClientProvider } from '../state/client';
import { IngestProvider } from '../state/ingest';
import { NavigationProvider } from '../state/navigation';
import { ScopeProvider } from '../state/scope';

type Method = Parameters<Transport['call']>[0];

/** One call the renderer made, as the engine would see it. */
export interface FakeCall {
  method: Method;
  params: unknown;
  /** how many times the renderer asked to cancel it */
  cancels: number;
  settled: boolean;
  emit(event: unknown): void;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

export interface FakeEngine {
  transport: Transport;
  client: EngineClient;
  calls: FakeCall[];
  /** the calls of one method, in order */
  of(method: Method): FakeCall[];
}

/**
 * `onCall` sees each call as it is made (e.g. to answer short calls at once); `host` replaces the host
 * parts of the transport (pickPaths, resolveSource…).
 */
export function fakeEngine(opts: { onCall?: (c: FakeCall) => void; host?: Partial<Omit<Transport, 'call'>> } = {}): FakeEngine {
  const calls: FakeCall[] = [];
  const open: ConnectionState = { state: 'open' };
  const transport: Transport = {
    call(method, params, onEvent) {
      let resolve!: (v: unknown) => void;
      let reject!: (e: unknown) => void;
      const result = new Promise<unknown>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      const c: FakeCall = {
        method,
        params,
        cancels: 0,
        settled: false,
        // like the RPC peer: events of a settled call are dropped
        emit: (event) => {
          if (!c.settled) onEvent?.(event);
        },
        resolve: (v) => {
          c.settled = true;
          resolve(v);
        },
        reject: (e) => {
          c.settled = true;
          reject(e);
        },
      };
      calls.push(c);
      opts.onCall?.(c);
      return { result, cancel: () => void c.cancels++ };
    },
    binaryUrl: (path) => `fake:${path}`,
    connection: () => open,
    onConnection: () => () => {},
    sourcesFromDrop: async () => [],
    pickPaths: null,
    resolveSource: async (source) => (source.kind === 'path' ? { path: source.path } : { upload: `${'0'.repeat(64)}/${source.relativePath}` }),
    ...opts.host,
  };
  return { transport, client: engineClient(transport), calls, of: (m) => calls.filter((c) => c.method === m) };
}

/** The providers main.tsx puts around the app (less the viewer), for renderHook's `wrapper`. */
export function appProviders(client: EngineClient) {
  return function Providers({ children }: { children: ReactNode }) {
    return (
      <I18nProvider>
        <ClientProvider client={client}>
          <NavigationProvider>
            <IngestProvider>
              <ScopeProvider>{children}</ScopeProvider>
            </IngestProvider>
          </NavigationProvider>
        </ClientProvider>
      </I18nProvider>
    );
  };
}

/** A promise whose settling the test controls. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
