/**
 * Presence: tells the api every 15 s that this reviewer has the dossier open and learns who else
 * has (entries older than 45 s drop out on the server), and says goodbye on leaving.
 */
import { useEffect, useState } from 'react';
import { leavePresence, putPresence } from './api.js';
import type { UserRef } from './types.js';

export const HEARTBEAT_MS = 15_000;

export function usePresence(code: string): UserRef[] {
  const [others, setOthers] = useState<UserRef[]>([]);
  useEffect(() => {
    let live = true;
    const beat = () => {
      putPresence(code).then(
        (a) => {
          if (live) setOthers(a.others);
        },
        // A missed heartbeat only delays the list; the next one tries again.
        () => undefined,
      );
    };
    beat();
    const timer = setInterval(beat, HEARTBEAT_MS);
    const onHide = () => leavePresence(code);
    window.addEventListener('pagehide', onHide);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener('pagehide', onHide);
      leavePresence(code);
    };
  }, [code]);
  return others;
}
