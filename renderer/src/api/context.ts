import { createContext, useContext } from 'react';
import type { LocardClient } from '../../../shared/api.js';

export const ClientContext = createContext<LocardClient | null>(null);

/** The API client the app was started with (see api/client.ts). */
export function useClient(): LocardClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient() outside <ClientContext.Provider>.');
  return client;
}
