/**
 * Splits CSV text (RFC 4180: comma separated, fields optionally in double quotes, "" for a quote inside)
 * into records, remembering each record's first line number and raw text.
 *
 * Hand-written instead of csv-parse because the loader's budget is 8 s for a million lines: csv-parse took
 * 3.4 s to parse the full file here (5.3 s with line info), this splitter 1.4 s including gunzip. Lines
 * without a quote (nearly all) are split with String.split; only quoted lines take the slow path.
 */
export interface CsvRecord {
  /** 1-based physical line number where the record starts. */
  readonly line: number;
  /** The record's text as it was in the file (without the line break). */
  readonly raw: string;
  /** The fields, or null when the record is not valid CSV (then `problem` says why). */
  readonly fields: string[] | null;
  readonly problem?: string;
}

/** A quoted field may span lines; past this many we call the quote unterminated and resync. */
const MAX_LINES_PER_RECORD = 50;

type SplitResult = string[] | 'unterminated' | 'stray-quote';

function splitQuotedLine(text: string): SplitResult {
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let value = '';
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) return 'unterminated';
        value += text.slice(i, quote);
        if (text.charCodeAt(quote + 1) === 34) {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      fields.push(value);
      if (i >= n) return fields;
      if (text.charCodeAt(i) !== 44 /* , */) return 'stray-quote';
      i++;
      if (i >= n) {
        fields.push('');
        return fields;
      }
    } else {
      const comma = text.indexOf(',', i);
      const field = comma < 0 ? text.slice(i) : text.slice(i, comma);
      if (field.includes('"')) return 'stray-quote';
      fields.push(field);
      if (comma < 0) return fields;
      i = comma + 1;
      if (i >= n) {
        fields.push('');
        return fields;
      }
    }
  }
}

/**
 * Receives a line that holds no double quote (nearly every line) as its raw text, instead of a record:
 * the loader encodes such lines straight from the text, without a record and a field array per line.
 */
export type PlainLineVisitor = (text: string, line: number) => void;

export class CsvRecordSplitter {
  private carry = '';
  private lineNumber = 0;
  /** Lines of a record whose quoted field continues on the next line. */
  private pending: { line: number; text: string }[] = [];
  private plain: PlainLineVisitor | undefined;

  /**
   * Feeds a chunk of text; returns the records completed by it. With `plain`, lines without a double quote
   * go to it instead (in file order among themselves; the records returned are the other lines).
   */
  push(chunk: string, plain?: PlainLineVisitor): CsvRecord[] {
    this.plain = plain;
    const records: CsvRecord[] = [];
    const text = this.carry + chunk;
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline < 0) break;
      const end = newline > start && text.charCodeAt(newline - 1) === 13 /* \r */ ? newline - 1 : newline;
      this.acceptLine(text.slice(start, end), records);
      start = newline + 1;
    }
    this.carry = text.slice(start);
    return records;
  }

  /** Flushes the last line (a file need not end with a line break) and any unterminated record. */
  end(plain?: PlainLineVisitor): CsvRecord[] {
    this.plain = plain;
    const records: CsvRecord[] = [];
    if (this.carry !== '') this.acceptLine(this.carry, records);
    this.carry = '';
    while (this.pending.length > 0) this.resyncAfterUnterminated(records);
    return records;
  }

  private acceptLine(text: string, records: CsvRecord[]): void {
    this.lineNumber++;
    if (this.pending.length === 0) {
      if (text.indexOf('"') < 0) {
        if (this.plain) this.plain(text, this.lineNumber);
        else records.push({ line: this.lineNumber, raw: text, fields: text.split(',') });
        return;
      }
      this.pending.push({ line: this.lineNumber, text });
    } else {
      this.pending.push({ line: this.lineNumber, text });
    }
    this.tryCompletePending(records);
  }

  private tryCompletePending(records: CsvRecord[]): void {
    const first = this.pending[0]!;
    const raw = this.pending.length === 1 ? first.text : this.pending.map((p) => p.text).join('\n');
    const result = splitQuotedLine(raw);
    if (result === 'unterminated') {
      if (this.pending.length >= MAX_LINES_PER_RECORD) this.resyncAfterUnterminated(records);
      return;
    }
    this.pending = [];
    if (result === 'stray-quote') {
      records.push({ line: first.line, raw, fields: null, problem: 'stray double quote inside a field' });
    } else {
      records.push({ line: first.line, raw, fields: result });
    }
  }

  /** Rejects the first pending line alone and re-reads the lines after it as fresh records. */
  private resyncAfterUnterminated(records: CsvRecord[]): void {
    const [first, ...rest] = this.pending;
    this.pending = [];
    records.push({ line: first!.line, raw: first!.text, fields: null, problem: 'unterminated quoted field' });
    for (const line of rest) {
      if (this.pending.length === 0 && line.text.indexOf('"') < 0) {
        records.push({ line: line.line, raw: line.text, fields: line.text.split(',') });
      } else {
        this.pending.push(line);
        this.tryCompletePending(records);
      }
    }
  }
}
