import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ConsoleSession } from '../../shared/console.ts';

export interface SessionState {
  session: ConsoleSession;
  signOut: () => void;
  /** Reads the session again, after a change to the user it describes (two-step sign-in). */
  refresh: () => void;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside a signed-in app');
  return state;
}

/** Viewers read everything and change nothing (the API enforces the same). */
export const canEdit = (session: ConsoleSession) => session.user.role !== 'viewer';
