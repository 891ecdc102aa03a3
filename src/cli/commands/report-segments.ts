import { Option, type Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { commandGroup } from '../command-groups.js';
import { asOfOption, htmlOption, outOption } from '../common-options.js';
import type { ReportSegmentsOptions } from './report-segments.action.js';

export function register(program: Command, io: CliIo): void {
  commandGroup(program, 'report')
    .command('segments')
    .description('one campaign brief (PDF + customer CSV) per RFM segment')
    .option('--segment <name...>', 'only these segments (e.g. Champions "Can\'t Lose" at-risk)')
    .addOption(asOfOption())
    .addOption(outOption())
    .addOption(htmlOption())
    .addOption(new Option('--holdout <share>', 'share of each segment held out of its campaign, 0 to 0.5 (a campaign printed before keeps its own)').default('0.1'))
    .action(async (options: ReportSegmentsOptions) => (await import('./report-segments.action.js')).reportSegments(options, io));
}
