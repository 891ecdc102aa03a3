/**
 * Whether a timer set just before `work` started fired before `work` ended: whether the work gave the event
 * loop a turn (src/async/time-slices.ts). Work that never yields resolves first, and its continuation (a
 * microtask) marks it ended before any timer can run. The work must last well over the 20 ms slice.
 */
export async function timerFiresDuring(work: () => Promise<unknown>): Promise<boolean> {
  let ended = false;
  let firedDuring = false;
  const timer = setTimeout(() => (firedDuring = !ended), 0);
  await work();
  ended = true;
  clearTimeout(timer);
  return firedDuring;
}
