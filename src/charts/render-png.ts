import { Resvg } from '@resvg/resvg-js';

/**
 * An SVG rendered by renderSvg, rasterised to PNG for e-mail (mail clients do not show inline SVG). resvg
 * draws with the same local fonts the PDF uses; `scale` 2 keeps the picture sharp on high-density screens.
 */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return Buffer.from(resvg.render().asPng());
}
