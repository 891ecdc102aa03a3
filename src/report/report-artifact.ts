import type { SegmentSummary, WeeklySummary } from '../mail/compose-message.js';

/** A file a report run produces, held in memory until delivery writes, archives or mails it. */
export interface ReportArtifact {
  /** Stable file name: report, period and segment, e.g. segment-brief_2011-12-10_champions.pdf. */
  fileName: string;
  contentType: 'application/pdf' | 'text/csv' | 'text/html' | 'image/png';
  bytes: Buffer;
}

export interface ReportDocument {
  /** What this document is, e.g. "weekly report 2011-11-28" (errors and logs). */
  title: string;
  /** The segment a brief is for; undefined for the weekly report. */
  segment?: string;
  pdf: ReportArtifact;
  /** Attachments that go with the PDF (a segment's customer list; the weekly e-mail's inline chart). */
  attachments: ReportArtifact[];
  /** The HTML that was printed, for previewing (`--html`). */
  html: ReportArtifact;
  pages: number;
  /** What an e-mail sending this document says about it, already formatted. */
  summary: WeeklySummary | (SegmentSummary & { kind: 'segment'; asOfLabel: string });
}

/** 'Can't Lose' -> 'cant-lose': segment names in file names. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
