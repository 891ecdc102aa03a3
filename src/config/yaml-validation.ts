import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';

/**
 * Parses a YAML config file and validates it against a zod schema. Every problem is reported with the
 * file, the line and the field (e.g. `config/schedules.yaml:14: schedules[1].cron: is not a valid cron
 * expression`), so an admin can fix it without guessing.
 */
export interface ConfigProblem {
  line: number | undefined;
  field: string;
  message: string;
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)), '');
}

/** The line of the deepest YAML node on `path` (the field itself, or its parent when the field is missing). */
function lineOf(root: Node | null | undefined, path: readonly PropertyKey[], lines: LineCounter): number | undefined {
  let node: unknown = root;
  let found: Node | undefined = root ?? undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      node = pair.value;
      found = (pair.value ?? pair.key) as Node;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      if (!node) break;
      found = node as Node;
    } else {
      break;
    }
  }
  const offset = found?.range?.[0];
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

function describe(source: string, problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${source}${p.line ? `:${p.line}` : ''}: ${p.field ? `${p.field}: ` : ''}${p.message}`).join('\n');
}

export function parseYamlWith<S extends z.ZodType>(schema: S, text: string, source: string): z.infer<S> {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => ({ line: error.linePos?.[0].line, field: '', message: `YAML syntax: ${error.message.split('\n')[0]}` }));
    throw new ConfigError(describe(source, problems), { source, problems });
  }
  const parsed = schema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      // An unknown key is reported on its parent; point at the key itself.
      const path = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path;
      return { line: lineOf(document.contents, path, lines), field: fieldName(path), message: issue.message };
    });
    throw new ConfigError(describe(source, problems), { source, problems });
  }
  return parsed.data;
}
