/**
 * What the customers had ordered before the as-of, indexed for the recommender: products numbered in stock
 * code order, customers in id order, each customer's products ascending as a slice of two flat typed
 * arrays (compressed rows). Built incrementally from (customer, product) rows as a query streams them, so
 * millions of rows never exist as objects; memory is 12 bytes a row. Pure.
 */
export interface PurchaseRow {
  customerId: number;
  stockCode: string;
  /** Days from the last order of the product to the as-of (> 0: only orders before the as-of are read). */
  ageDays: number;
}

export interface CustomerPurchases {
  customerId: number;
  /** Product indexes, ascending (a view into PurchaseHistory.products). */
  products: Int32Array;
  ageDays: Float64Array;
}

export interface PurchaseHistory {
  stockCodes: string[];
  productIndex: Map<string, number>;
  customers: CustomerPurchases[];
  customerIndex: Map<number, number>;
  /** Distinct customers per product. */
  buyers: Int32Array;
  /** Customer c's purchases are products[offsets[c]] … products[offsets[c + 1] − 1]; ageDays alike. */
  offsets: Int32Array;
  products: Int32Array;
  ageDays: Float64Array;
}

/** Rows are kept in blocks this long until build(), so no array is ever copied to grow. */
const BLOCK = 1 << 16;

interface Block {
  code: Int32Array;
  age: Float64Array;
}

/**
 * Takes rows in any order (a query ordered by customer keeps one run per customer: 8 bytes a customer
 * instead of 4 a row), then build() numbers products and customers and lays the rows out by customer.
 */
export class PurchaseHistoryBuilder {
  private readonly codeIds = new Map<string, number>();
  private readonly codes: string[] = [];
  private readonly blocks: (Block | undefined)[] = [];
  private filled = BLOCK;
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
    if (this.filled === BLOCK) {
      this.blocks.push({ code: new Int32Array(BLOCK), age: new Float64Array(BLOCK) });
      this.filled = 0;
    }
    const block = this.blocks[this.blocks.length - 1]!;
    block.code[this.filled] = code;
    block.age[this.filled] = ageDays;
    this.filled += 1;
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
    const customerIds = [...rowsOf.keys()].sort((a, b) => a - b);
    const customerIndex = new Map(customerIds.map((id, i) => [id, i]));
    const offsets = new Int32Array(customerIds.length + 1);
    customerIds.forEach((id, i) => (offsets[i + 1] = offsets[i]! + rowsOf.get(id)!));

    // Rows to their customer's slice, in the order they came; each block is let go once copied.
    const products = new Int32Array(this.rows);
    const ageDays = new Float64Array(this.rows);
    const cursor = offsets.slice(0, -1);
    let row = 0;
    for (let r = 0; r < this.runs; r += 1) {
      const customer = customerIndex.get(this.runCustomer[r]!)!;
      for (let n = 0; n < this.runLength[r]!; n += 1, row += 1) {
        const block = this.blocks[Math.floor(row / BLOCK)]!;
        const at = cursor[customer]!++;
        products[at] = productOf[block.code[row % BLOCK]!]!;
        ageDays[at] = block.age[row % BLOCK]!;
        if (row % BLOCK === BLOCK - 1) this.blocks[Math.floor(row / BLOCK)] = undefined;
      }
    }
    this.blocks.length = 0;

    const buyers = new Int32Array(stockCodes.length);
    const customers: CustomerPurchases[] = customerIds.map((customerId, c) => {
      const from = offsets[c]!;
      const to = offsets[c + 1]!;
      sortSlice(products, ageDays, from, to);
      for (let at = from; at < to; at += 1) buyers[products[at]!]! += 1;
      return { customerId, products: products.subarray(from, to), ageDays: ageDays.subarray(from, to) };
    });
    return { stockCodes, productIndex, customers, customerIndex, buyers, offsets, products, ageDays };
  }
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

/** Orders one customer's slice by product index, carrying ageDays along (stable; usually sorted already). */
function sortSlice(products: Int32Array, ageDays: Float64Array, from: number, to: number): void {
  let sorted = true;
  for (let at = from + 1; at < to && sorted; at += 1) sorted = products[at - 1]! <= products[at]!;
  if (sorted) return;
  const order = Array.from({ length: to - from }, (_, i) => from + i).sort((a, b) => products[a]! - products[b]!);
  const p = order.map((i) => products[i]!);
  const d = order.map((i) => ageDays[i]!);
  products.set(p, from);
  ageDays.set(d, from);
}

export function purchaseHistory(rows: Iterable<PurchaseRow>): PurchaseHistory {
  const builder = new PurchaseHistoryBuilder();
  for (const row of rows) builder.add(row.customerId, row.stockCode, row.ageDays);
  return builder.build();
}

/** Distinct buyers per product among orders less than `days` before the as-of. */
export function recentBuyers(history: PurchaseHistory, days: number): Int32Array {
  const counts = new Int32Array(history.stockCodes.length);
  const { products, ageDays } = history;
  for (let at = 0; at < products.length; at += 1) if (ageDays[at]! < days) counts[products[at]!]! += 1;
  return counts;
}
