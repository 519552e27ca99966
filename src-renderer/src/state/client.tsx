import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { DocSearchClient } from '../api/client';
import type { ConnectionState } from '../api/transport';

const ClientContext = createContext<DocSearchClient | null>(null);

export function ClientProvider({ client, children }: { client: DocSearchClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useClient(): DocSearchClient {
  const c = useContext(ClientContext);
  if (!c) throw new Error('useClient outside ClientProvider');
  return c;
}

export function useConnection(): ConnectionState {
  const { transport } = useClient();
  return useSyncExternalStore(transport.onConnection, transport.connection);
}
