import { addDays, type LocalTimestamp } from '../metrics/as-of.js';
import { SEGMENT_NAMES, type SegmentName } from '../metrics/rfm-segments.js';
import type { MovementCellRow } from '../queries/campaign-queries.js';

/**
 * Segment movement (docs/metrics.md): who changed segment between D0 = D1 − 28 days and D1. Pure shaping
 * of the movement matrix's rows, the "entered" counts, and the flows the reports single out.
 */
export const MOVEMENT_DAYS = 28;
export const NEW_CUSTOMER = '(new)';
export type MovementFrom = SegmentName | typeof NEW_CUSTOMER;

export interface MovementCell {
  from: MovementFrom;
  to: SegmentName;
  customers: number;
  /** Sum of the cell's customers' monetary value at D1. */
  monetary: number;
}

export interface SegmentMovement {
  /** D0, the comparison instant. */
  from: LocalTimestamp;
  /** D1, the as-of. */
  to: LocalTimestamp;
  cells: MovementCell[];
  /** Per segment: customers in it at D1 whose segment at D0 was another one or none. */
  entered: { segment: SegmentName; customers: number; monetary: number }[];
}

/** Champions and Loyal Customers falling into a lapsing segment: the flows with money at stake. */
export const VALUABLE_SEGMENTS: readonly SegmentName[] = ['Champions', 'Loyal Customers'];
export const LAPSING_SEGMENTS: readonly SegmentName[] = ['At Risk', "Can't Lose", 'Hibernating'];

export const movementStart = (asOf: LocalTimestamp) => addDays(asOf, -MOVEMENT_DAYS);

const isSegment = (name: string): name is SegmentName => (SEGMENT_NAMES as readonly string[]).includes(name);

export function shapeMovement(rows: readonly MovementCellRow[], asOf: LocalTimestamp): SegmentMovement {
  const cells = rows.map((row): MovementCell => {
    if (!isSegment(row.to_segment) || (row.from_segment !== NEW_CUSTOMER && !isSegment(row.from_segment))) {
      throw new RangeError(`segment movement row names an unknown segment: ${row.from_segment} -> ${row.to_segment}`);
    }
    return { from: row.from_segment as MovementFrom, to: row.to_segment, customers: row.customers, monetary: row.monetary };
  });
  const entered = SEGMENT_NAMES.map((segment) => {
    const into = cells.filter((c) => c.to === segment && c.from !== segment);
    // Cents as integers keep the sum exact.
    const cents = into.reduce((sum, c) => sum + Math.round(c.monetary * 100), 0);
    return { segment, customers: into.reduce((sum, c) => sum + c.customers, 0), monetary: cents / 100 };
  });
  return { from: movementStart(asOf), to: asOf, cells, entered };
}

/** Moves between two segments (not first scores, not staying), largest first (ties: segment order). */
export function biggestFlows(movement: SegmentMovement, howMany: number): MovementCell[] {
  const order = (name: MovementFrom) => (name === NEW_CUSTOMER ? -1 : SEGMENT_NAMES.indexOf(name));
  return movement.cells
    .filter((c) => c.from !== NEW_CUSTOMER && c.from !== c.to)
    .sort((a, b) => b.customers - a.customers || order(a.from) - order(b.from) || order(a.to) - order(b.to))
    .slice(0, howMany);
}

export function isValuableLapse(cell: { from: MovementFrom; to: SegmentName }): boolean {
  return (VALUABLE_SEGMENTS as readonly string[]).includes(cell.from) && LAPSING_SEGMENTS.includes(cell.to);
}

/** Customers scored at D1 for the first time (no RFM score at D0). */
export const firstScored = (movement: SegmentMovement) => movement.cells.filter((c) => c.from === NEW_CUSTOMER).reduce((sum, c) => sum + c.customers, 0);
