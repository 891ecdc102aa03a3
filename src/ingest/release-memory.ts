import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, between the scoring step's phases. Each phase builds large arrays and lets
 * them go (the predictions ~25 MB of heap at 10× the real data, the recommender's purchase history ~100 MB
 * of typed arrays); V8 collects the previous phase's garbage only when it chooses, so the next phase's
 * allocations came on top of it: the 10× first load's process peaked at 308–346 MB, at the recommender's
 * start, where each phase alone stays well below. `--expose-gc` set at run time offers `gc` to new contexts
 * only, hence the one made here.
 */
let collect: (() => void) | undefined;

export function releaseMemory(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
