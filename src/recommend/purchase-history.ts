/**
 * What the customers had ordered before the as-of, indexed for the recommender: products and customers
 * numbered densely, each customer's products as parallel typed arrays. Pure.
 */
export interface PurchaseRow {
  customerId: number;
  stockCode: string;
  /** Order invoices carrying the product. */
  orders: number;
  /** Days from the last such order to the as-of (> 0: only orders before the as-of are read). */
  ageDays: number;
}

export interface CustomerPurchases {
  customerId: number;
  /** Product indexes, ascending. */
  products: Int32Array;
  orders: Float64Array;
  ageDays: Float64Array;
}

export interface PurchaseHistory {
  stockCodes: string[];
  productIndex: Map<string, number>;
  customers: CustomerPurchases[];
  customerIndex: Map<number, number>;
  /** Distinct customers per product. */
  buyers: Int32Array;
}

export function purchaseHistory(rows: readonly PurchaseRow[]): PurchaseHistory {
  const stockCodes = [...new Set(rows.map((r) => r.stockCode))].sort();
  const productIndex = new Map(stockCodes.map((code, i) => [code, i]));
  const byCustomer = new Map<number, PurchaseRow[]>();
  for (const row of rows) {
    const list = byCustomer.get(row.customerId);
    if (list) list.push(row);
    else byCustomer.set(row.customerId, [row]);
  }
  const buyers = new Int32Array(stockCodes.length);
  const customers: CustomerPurchases[] = [];
  for (const customerId of [...byCustomer.keys()].sort((a, b) => a - b)) {
    const list = byCustomer.get(customerId)!;
    const index = list.map((row) => productIndex.get(row.stockCode)!);
    const order = list.map((_, i) => i).sort((a, b) => index[a]! - index[b]!);
    const products = Int32Array.from(order, (i) => index[i]!);
    for (const product of products) buyers[product]! += 1;
    customers.push({
      customerId,
      products,
      orders: Float64Array.from(order, (i) => list[i]!.orders),
      ageDays: Float64Array.from(order, (i) => list[i]!.ageDays),
    });
  }
  return { stockCodes, productIndex, customers, customerIndex: new Map(customers.map((c, i) => [c.customerId, i])), buyers };
}

/** Distinct buyers per product among orders less than `days` before the as-of. */
export function recentBuyers(history: PurchaseHistory, days: number): Int32Array {
  const counts = new Int32Array(history.stockCodes.length);
  for (const customer of history.customers) {
    customer.products.forEach((product, i) => {
      if (customer.ageDays[i]! < days) counts[product]! += 1;
    });
  }
  return counts;
}
