// How many upload forms one instance reads at once. A form's files are held in memory while they
// are checked and re-encoded, so the number of slots times UPLOAD_MAX_REQUEST_BYTES bounds what
// uploads can cost; a form that finds every slot busy waits a little and is then refused (429).
export interface UploadSlots {
  /** Resolves with the function that frees the slot (safe to call twice), or null if none freed up within waitMs. */
  acquire(waitMs: number): Promise<(() => void) | null>;
  /** Slots taken now, for tests and metrics. */
  readonly inUse: number;
}

export function createUploadSlots(size: number): UploadSlots {
  let inUse = 0;
  const waiting: ((release: () => void) => void)[] = [];

  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // A freed slot goes straight to the longest waiter, so a stream of new arrivals cannot starve it.
      const next = waiting.shift();
      if (next) next(releaser());
      else inUse -= 1;
    };
  };

  return {
    get inUse() {
      return inUse;
    },
    acquire(waitMs) {
      if (inUse < size) {
        inUse += 1;
        return Promise.resolve(releaser());
      }
      if (waitMs <= 0) return Promise.resolve(null);
      return new Promise((resolve) => {
        const grant = (release: () => void) => {
          clearTimeout(timer);
          resolve(release);
        };
        const timer = setTimeout(() => {
          const index = waiting.indexOf(grant);
          if (index >= 0) waiting.splice(index, 1);
          resolve(null);
        }, waitMs);
        waiting.push(grant);
      });
    },
  };
}
