import { Option } from 'commander';
import { parseAsOf } from '../metrics/as-of.js';

/** Options several commands share, spelled and explained the same way everywhere. */
export const asOfOption = () =>
  new Option('--as-of <date>', 'as-of instant, YYYY-MM-DD[THH:MM[:SS]] (default: the day after the last invoice)').argParser(parseAsOf);

export const outOption = () => new Option('--out <dir>', 'folder to write the files into').default('out');

export const htmlOption = () => new Option('--html', 'also write the HTML that was printed, for previewing in a browser');

export const schedulesFileOption = () => new Option('--config <file>', 'schedules file (default: $LGS_SCHEDULES or config/schedules.yaml)');
