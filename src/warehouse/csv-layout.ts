import { CsvLayoutError } from '../errors.js';

/** The eight fields of an invoice line, in the order the warehouse stores them. */
export const LINE_FIELDS = [
  'invoice',
  'stockCode',
  'description',
  'quantity',
  'invoiceDate',
  'price',
  'customerId',
  'country',
] as const;
export type LineField = (typeof LINE_FIELDS)[number];

export interface CsvLayout {
  readonly name: string;
  /** For each warehouse field, its column index in the file. */
  readonly columns: Readonly<Record<LineField, number>>;
  readonly columnCount: number;
}

/** The header spellings of the layouts we know, keyed by warehouse field. */
const KNOWN_LAYOUTS: ReadonlyArray<{ name: string; headers: Record<LineField, string> }> = [
  {
    name: 'online-retail-ii',
    headers: {
      invoice: 'Invoice',
      stockCode: 'StockCode',
      description: 'Description',
      quantity: 'Quantity',
      invoiceDate: 'InvoiceDate',
      price: 'Price',
      customerId: 'Customer ID',
      country: 'Country',
    },
  },
  {
    name: 'online-retail',
    headers: {
      invoice: 'InvoiceNo',
      stockCode: 'StockCode',
      description: 'Description',
      quantity: 'Quantity',
      invoiceDate: 'InvoiceDate',
      price: 'UnitPrice',
      customerId: 'CustomerID',
      country: 'Country',
    },
  },
];

const normalise = (header: string) => header.trim().toLowerCase();

/**
 * Recognises a header row. Columns may come in any order; every expected column must be present exactly
 * once and nothing else may be there, so a wrong file fails here instead of loading garbage.
 */
export function recogniseLayout(headerFields: readonly string[], source: string): CsvLayout {
  const present = headerFields.map(normalise);
  for (const layout of KNOWN_LAYOUTS) {
    const wanted = LINE_FIELDS.map((field) => normalise(layout.headers[field]));
    if (present.length !== wanted.length || !wanted.every((name) => present.filter((p) => p === name).length === 1)) {
      continue;
    }
    const columns = Object.fromEntries(
      LINE_FIELDS.map((field) => [field, present.indexOf(normalise(layout.headers[field]))]),
    ) as Record<LineField, number>;
    return { name: layout.name, columns, columnCount: present.length };
  }
  const expected = KNOWN_LAYOUTS.map((layout) => LINE_FIELDS.map((f) => layout.headers[f]).join(',')).join('" or "');
  throw new CsvLayoutError(
    `${source}: line 1: unknown CSV header "${headerFields.join(',')}"; expected "${expected}"`,
    { source, line: 1, header: headerFields },
  );
}
