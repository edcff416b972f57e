import type { Clock } from "./types";

/** Real time plus an offset that `/__sandbox/clock` can advance; `base` pins the start (tests). */
export function createClock(base?: () => number): Clock {
  const real = base ?? (() => Date.now());
  let offset = 0;
  return {
    now: () => real() + offset,
    advance(ms: number) {
      offset += ms;
    },
    reset() {
      offset = 0;
    },
  };
}
