import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { LgsError } from '../errors.js';

/** A chart that would print blank: no data, or a spec that draws nothing. */
export class ChartRenderError extends LgsError {
  override readonly name = 'ChartRenderError';
}

interface SceneItem {
  marktype?: string;
  role?: string;
  items?: SceneItem[];
}

/** Counts drawn data marks (bars, arcs, lines, points, text…) in a rendered scenegraph; axes and legends excluded. */
export function countMarks(node: SceneItem | undefined): number {
  if (!node) return 0;
  let count = 0;
  if (node.marktype && node.marktype !== 'group' && node.role === 'mark') count += node.items?.length ?? 0;
  for (const child of node.items ?? []) count += countMarks(child);
  return count;
}

/**
 * Vega-Lite spec -> SVG text, in Node with Vega's headless view (renderer 'none': no browser, no canvas).
 * Returns the number of data marks drawn too, so a caller can refuse a chart that came out empty.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<{ svg: string; marks: number }> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    await view.runAsync();
    // vega's typings call the scenegraph a Scene and omit its root item; SceneItem names the fields we read.
    const marks = countMarks((view.scenegraph() as unknown as { root: SceneItem }).root);
    return { svg: await view.toSVG(), marks };
  } finally {
    view.finalize();
  }
}

/** renderSvg that fails, naming the chart, when nothing was drawn. */
export async function renderCheckedSvg(chart: string, spec: TopLevelSpec): Promise<string> {
  const { svg, marks } = await renderSvg(spec);
  if (marks === 0) throw new ChartRenderError(`${chart} has no data marks: it would print blank`, { chart });
  return svg;
}
