/**
 * What the customers had ordered before the as-of, indexed for the recommender: products numbered in stock
 * code order, customers in id order, each customer's products ascending as a slice of flat typed arrays
 * (compressed rows). Built incrementally from (customer, product) rows as a query streams them, so
 * millions of rows never exist as objects. Pure.
 *
 * A row is two small numbers: its product and its age, the age as a number into the table of the distinct
 * ages. The ages are those of the last orders, so there are as many as distinct order times (~31,000 in the
 * full file, the same at 10×), far fewer than rows: 2 bytes a row, where each row's own float took 8, and
 * the table keeps every age to the bit. Both numbers take 2 bytes while they fit in 16 bits and 4 once one
 * does not (IndexArray): 4 bytes a row at 10× instead of 12.
 */
export interface PurchaseRow {
  customerId: number;
  stockCode: string;
  /** Days from the last order of the product to the as-of (> 0: only orders before the as-of are read). */
  ageDays: number;
}

/** Numbers below 2^16 in 2 bytes each, or below 2^31 in 4 once one is not. */
export type IndexArray = Uint16Array | Int32Array;

export interface PurchaseHistory {
  stockCodes: string[];
  productIndex: Map<string, number>;
  /** Customer c's id, ascending. */
  customerIds: Int32Array;
  customerIndex: Map<number, number>;
  /** Distinct customers per product. */
  buyers: Int32Array;
  /** Customer c's purchases are rows offsets[c] … offsets[c + 1] − 1. */
  offsets: Int32Array;
  /** Row r's product index; ascending within a customer. */
  products: IndexArray;
  /** Row r's age in days is ages[ageOf[r]]. */
  ageOf: IndexArray;
  /** The distinct ages, in days. */
  ages: Float64Array;
}

/** Customer c's product indexes, ascending (a view, not a copy). */
export const productsOf = (history: PurchaseHistory, customer: number): IndexArray =>
  history.products.subarray(history.offsets[customer]!, history.offsets[customer + 1]!);

/** Rows are kept in blocks this long until build(), so no array is ever copied to grow. */
const BLOCK = 1 << 16;
/** The first number an IndexArray of 2-byte entries cannot hold. */
export const WIDE = 1 << 16;

/**
 * One column of numbers as blocks of BLOCK; every block is widened to 4 bytes once a number reaches 2^16.
 * A block is let go (take) as build() copies it.
 */
class IndexColumn {
  private blocks: (IndexArray | undefined)[] = [];
  wide = false;

  set(row: number, value: number): void {
    const at = row % BLOCK;
    if (at === 0) this.blocks.push(this.wide ? new Int32Array(BLOCK) : new Uint16Array(BLOCK));
    if (value >= WIDE && !this.wide) {
      this.blocks = this.blocks.map((block) => Int32Array.from(block!));
      this.wide = true;
    }
    this.blocks[this.blocks.length - 1]![at] = value;
  }

  /** Row's value; the caller reads rows in order and lets go of each block after its last row. */
  take(row: number): number {
    const index = Math.floor(row / BLOCK);
    const value = this.blocks[index]![row % BLOCK]!;
    if (row % BLOCK === BLOCK - 1) this.blocks[index] = undefined;
    return value;
  }

  clear(): void {
    this.blocks = [];
  }
}

/** An IndexArray of `length` entries: 4 bytes each when `wide`, else 2. */
export const indexArray = (length: number, wide: boolean): IndexArray => (wide ? new Int32Array(length) : new Uint16Array(length));

/**
 * Takes rows in any order (a query ordered by customer keeps one run per customer: 8 bytes a customer
 * instead of 4 a row), then build() numbers products and customers and lays the rows out by customer.
 */
export class PurchaseHistoryBuilder {
  private readonly codeIds = new Map<string, number>();
  private readonly codes: string[] = [];
  private readonly ageIds = new Map<number, number>();
  private readonly ages: number[] = [];
  private readonly code = new IndexColumn();
  private readonly age = new IndexColumn();
  private rows = 0;
  /** Consecutive rows of one customer: (customer id, row count) pairs. */
  private runCustomer = new Int32Array(1024);
  private runLength = new Int32Array(1024);
  private runs = 0;

  add(customerId: number, stockCode: string, ageDays: number): void {
    let code = this.codeIds.get(stockCode);
    if (code === undefined) {
      code = this.codes.length;
      this.codeIds.set(stockCode, code);
      this.codes.push(stockCode);
    }
    // Map keys compare by SameValueZero: equal ages share a number, and −0 (never read: ages are > 0)
    // would share 0's, which no use of an age tells apart.
    let age = this.ageIds.get(ageDays);
    if (age === undefined) {
      age = this.ages.length;
      this.ageIds.set(ageDays, age);
      this.ages.push(ageDays);
    }
    this.code.set(this.rows, code);
    this.age.set(this.rows, age);
    this.rows += 1;
    if (this.runs > 0 && this.runCustomer[this.runs - 1] === customerId) {
      this.runLength[this.runs - 1]! += 1;
      return;
    }
    if (this.runs === this.runCustomer.length) {
      this.runCustomer = grow(this.runCustomer);
      this.runLength = grow(this.runLength);
    }
    this.runCustomer[this.runs] = customerId;
    this.runLength[this.runs] = 1;
    this.runs += 1;
  }

  build(): PurchaseHistory {
    const stockCodes = [...this.codes].sort();
    const productIndex = new Map(stockCodes.map((code, i) => [code, i]));
    const productOf = Int32Array.from(this.codes, (code) => productIndex.get(code)!);

    const rowsOf = new Map<number, number>();
    for (let r = 0; r < this.runs; r += 1) rowsOf.set(this.runCustomer[r]!, (rowsOf.get(this.runCustomer[r]!) ?? 0) + this.runLength[r]!);
    const customerIds = Int32Array.from(rowsOf.keys()).sort();
    const customerIndex = new Map(Array.from(customerIds, (id, i) => [id, i]));
    const offsets = new Int32Array(customerIds.length + 1);
    customerIds.forEach((id, i) => (offsets[i + 1] = offsets[i]! + rowsOf.get(id)!));

    // Rows to their customer's slice, in the order they came; each block is let go once copied.
    const products = indexArray(this.rows, stockCodes.length > WIDE);
    const ageOf = indexArray(this.rows, this.age.wide);
    const cursor = offsets.slice(0, -1);
    let row = 0;
    for (let r = 0; r < this.runs; r += 1) {
      const customer = customerIndex.get(this.runCustomer[r]!)!;
      for (let n = 0; n < this.runLength[r]!; n += 1, row += 1) {
        const at = cursor[customer]!++;
        products[at] = productOf[this.code.take(row)]!;
        ageOf[at] = this.age.take(row);
      }
    }
    this.code.clear();
    this.age.clear();

    const buyers = new Int32Array(stockCodes.length);
    for (let c = 0; c < customerIds.length; c += 1) {
      const from = offsets[c]!;
      const to = offsets[c + 1]!;
      sortSlice(products, ageOf, from, to);
      for (let at = from; at < to; at += 1) buyers[products[at]!]! += 1;
    }
    return { stockCodes, productIndex, customerIds, customerIndex, buyers, offsets, products, ageOf, ages: Float64Array.from(this.ages) };
  }
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

/** Orders one customer's slice by product index, carrying ages along (stable; usually sorted already). */
function sortSlice(products: IndexArray, ageOf: IndexArray, from: number, to: number): void {
  let sorted = true;
  for (let at = from + 1; at < to && sorted; at += 1) sorted = products[at - 1]! <= products[at]!;
  if (sorted) return;
  const order = Array.from({ length: to - from }, (_, i) => from + i).sort((a, b) => products[a]! - products[b]!);
  const p = order.map((i) => products[i]!);
  const d = order.map((i) => ageOf[i]!);
  products.set(p, from);
  ageOf.set(d, from);
}

export function purchaseHistory(rows: Iterable<PurchaseRow>): PurchaseHistory {
  const builder = new PurchaseHistoryBuilder();
  for (const row of rows) builder.add(row.customerId, row.stockCode, row.ageDays);
  return builder.build();
}

/**
 * Distinct buyers per product among orders in the `days` before the as-of, [as-of − days, as-of) as the
 * spec's windows are: an order exactly `days` before counts.
 */
export function recentBuyers(history: PurchaseHistory, days: number): Int32Array {
  const counts = new Int32Array(history.stockCodes.length);
  const recent = Uint8Array.from(history.ages, (age) => (age <= days ? 1 : 0));
  const { products, ageOf } = history;
  for (let at = 0; at < products.length; at += 1) if (recent[ageOf[at]!]) counts[products[at]!]! += 1;
  return counts;
}
