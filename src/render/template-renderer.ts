import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';
import { templatesDir } from '../project-paths.js';
import { formatCount, formatDecimal, formatMoney, formatPercent } from '../text/number-format.js';

/**
 * Renders templates/<name>.hbs with the partials in templates/partials and the shared print stylesheet.
 * One Handlebars instance of our own (not the global one) so helpers cannot leak between uses.
 *
 * Everything from the data goes through `{{…}}`, which HTML-escapes it: product descriptions are free text
 * from the shop's database. Only chart SVG (made by vega, which escapes its text) and the stylesheet are
 * inserted raw with `{{{…}}}`. Data is never compiled as a template, so a description holding `{{` prints
 * as it is.
 */
export interface TemplateRenderer {
  render(template: string, context: Record<string, unknown>): string;
}

export function createTemplateRenderer(folder: string = templatesDir): TemplateRenderer {
  const handlebars = Handlebars.create();
  const numeric = (format: (value: number | null) => string) => (value: unknown) =>
    format(typeof value === 'number' && Number.isFinite(value) ? value : null);
  handlebars.registerHelper('money', numeric(formatMoney));
  handlebars.registerHelper('count', numeric(formatCount));
  handlebars.registerHelper('decimal', numeric(formatDecimal));
  handlebars.registerHelper('percent', numeric(formatPercent));
  handlebars.registerHelper('inc', (value: unknown) => Number(value) + 1);
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);

  const partials = join(folder, 'partials');
  for (const file of readdirSync(partials).filter((name) => name.endsWith('.hbs'))) {
    handlebars.registerPartial(basename(file, '.hbs'), readFileSync(join(partials, file), 'utf8'));
  }
  const styles = readFileSync(join(folder, 'print.css'), 'utf8');
  const compiled = new Map<string, HandlebarsTemplateDelegate>();

  return {
    render(template, context) {
      let delegate = compiled.get(template);
      if (!delegate) {
        delegate = handlebars.compile(readFileSync(join(folder, `${template}.hbs`), 'utf8'), { strict: false });
        compiled.set(template, delegate);
      }
      return delegate({ ...context, styles });
    },
  };
}
