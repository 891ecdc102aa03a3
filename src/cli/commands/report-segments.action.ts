import { writeToFolder } from '../../delivery/output-folder.js';
import { UsageError } from '../../errors.js';
import { SEGMENT_NAMES, type SegmentName } from '../../metrics/rfm-segments.js';
import { produceSegmentBriefs } from '../../report/run-report.js';
import { findSegment } from '../../report/segment-brief.js';
import type { CliIo } from '../cli-io.js';
import { withServices } from '../with-services.js';

export interface ReportSegmentsOptions {
  asOf?: string;
  out: string;
  html?: boolean;
  segment?: string[];
  holdout: string;
}

function parseHoldout(text: string): number {
  const share = Number(text);
  if (!/^\d*\.?\d+$/.test(text.trim()) || !(share >= 0 && share <= 0.5)) throw new UsageError(`--holdout "${text}" must be a share from 0 to 0.5, e.g. 0.1`, { option: 'holdout', value: text });
  return share;
}

function parseSegments(names: readonly string[] | undefined): SegmentName[] | undefined {
  if (!names || names.length === 0) return undefined;
  return names.map((name) => {
    const segment = findSegment(name);
    if (!segment) throw new UsageError(`--segment "${name}" is not a segment; choose from: ${SEGMENT_NAMES.join(', ')}`, { option: 'segment', value: name });
    return segment;
  });
}

export async function reportSegments(options: ReportSegmentsOptions, io: CliIo): Promise<void> {
  const segments = parseSegments(options.segment);
  const holdoutShare = parseHoldout(options.holdout);
  await withServices(io, async (services) => {
    const documents = await produceSegmentBriefs(await services.reportServices(), { asOf: options.asOf, segments, campaign: { holdoutShare } });
    for (const path of await writeToFolder(options.out, documents, { html: options.html })) io.stdout.write(path + '\n');
  });
}
