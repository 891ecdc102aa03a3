import { InvalidArgumentError, Option } from 'commander';
import { parseAsOf } from '../metrics/as-of.js';

/** Options several commands share, spelled and explained the same way everywhere. */
export const asOfOption = () =>
  new Option('--as-of <date>', 'as-of instant, YYYY-MM-DD[THH:MM[:SS]] (default: the day after the last invoice)').argParser(parseAsOf);

export const outOption = () => new Option('--out <dir>', 'folder to write the files into').default('out');

export const htmlOption = () => new Option('--html', 'also write the HTML that was printed, for previewing in a browser');

export const schedulesFileOption = () => new Option('--config <file>', 'schedules file (default: $LGS_SCHEDULES or config/schedules.yaml)');

/**
 * A whole number of at least `least` for a numeric option; commander reports anything else as an invalid
 * argument, naming the option (bad usage, exit code 2).
 */
export const wholeNumberAtLeast = (least: number) => (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < least) throw new InvalidArgumentError(`It must be a whole number, at least ${least}.`);
  return Number(value);
};
