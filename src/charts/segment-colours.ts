import type { SegmentName } from '../metrics/rfm-segments.js';

/** One colour per segment, the same in every chart and table: greens are healthy, reds need saving. */
export const SEGMENT_COLOURS: Readonly<Record<SegmentName, string>> = {
  Champions: '#1b7837',
  'Loyal Customers': '#5aae61',
  'Potential Loyalists': '#a6d96a',
  'New Customers': '#2166ac',
  Promising: '#67a9cf',
  'Need Attention': '#fdb863',
  'About to Sleep': '#e08214',
  'At Risk': '#d6604d',
  "Can't Lose": '#b2182b',
  Hibernating: '#8c8c8c',
};
