/** Events the host can listen to with `Attach.on(name, cb)`. */
export type HostEventName = 'shown' | 'clicked' | 'dismissed' | 'trial_started' | 'purchased' | 'requested';
export type HostListener = (detail: unknown) => void;

export function createEmitter() {
  const listeners = new Map<string, Set<HostListener>>();
  return {
    on(name: string, cb: HostListener) {
      if (typeof cb !== 'function') return;
      const set = listeners.get(name) ?? new Set();
      set.add(cb);
      listeners.set(name, set);
    },
    off(name: string, cb?: HostListener) {
      if (cb) listeners.get(name)?.delete(cb);
      else listeners.delete(name);
    },
    emit(name: HostEventName, detail: unknown) {
      for (const cb of listeners.get(name) ?? []) {
        try {
          cb(detail);
        } catch {
          // a host callback's bug must not stop the widget or other listeners
        }
      }
      try {
        // Hosts without a handle on the API can still react: `addEventListener('attach:purchased', …)`.
        dispatchEvent(new CustomEvent(`attach:${name}`, { detail }));
      } catch {
        // CustomEvent missing in a very old environment
      }
    },
  };
}
export type Emitter = ReturnType<typeof createEmitter>;
