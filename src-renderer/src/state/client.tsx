import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { EngineClient } from '../api/client';
import type { ConnectionState } from '../api/transport';

const ClientContext = createContext<EngineClient | null>(null);

export function ClientProvider({ client, children }: { client: EngineClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): EngineClient {
  const c = useContext(ClientContext);
  if (!c) throw new Error('useClient outside ClientProvider');
  return c;
}

export function useConnection(): ConnectionState {
  const { transport } = useClient();
  return useSyncExternalStore(transport.onConnection, transport.connection);
}
