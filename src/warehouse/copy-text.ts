const COPY_SPECIAL = /[\\\t\n\r]/;

/** A value as a field of text-format COPY: backslash, tab, newline and carriage return escaped. */
export function escapeCopy(value: string): string {
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
