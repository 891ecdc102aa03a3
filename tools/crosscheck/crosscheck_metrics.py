#!/usr/bin/env python3
"""Independent cross-check of the LGS Reports retail metrics.

This script recomputes the metrics that our PostgreSQL SQL produces, from the
raw CSV export, in plain Python 3 (standard library only). It deliberately
shares no code with the TypeScript/SQL pipeline, so that agreement between the
two is real evidence that both are correct.

Usage:
    python3 tools/crosscheck/crosscheck_metrics.py <file.csv|file.csv.gz> \
        [--as-of 2011-12-10T00:00:00] > out.json

It prints one JSON object:
    {"asOf", "invoiceAmounts", "monthly", "rfm", "weekly", "quality",
     "movement", "cohorts"}
Diagnostics (counts, timings) go to stderr so that stdout stays pure JSON.

Conventions (kept identical to the metric definitions):
  * Money is Decimal from parsing to output; it becomes a JSON number only
    after rounding to 2 decimals with ROUND_HALF_UP (= half away from zero,
    the same as PostgreSQL round(numeric, 2)).
  * Ratios (salesGrowth, cancellationRate, recencyMean, frequencyMean) are
    emitted unrounded as floats.
  * Percentiles use continuous linear interpolation (percentile_cont).
  * RFM scores use SQL NTILE(5) semantics.
"""

import argparse
import csv
import gzip
import io
import json
import re
import sys
import time
from collections import defaultdict, namedtuple
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# ---------------------------------------------------------------------------
# Input layout
# ---------------------------------------------------------------------------

# Both known header layouts, mapped onto our canonical field order. The newer
# "Online Retail II" export and the older "Online Retail" export differ only
# in column names.
CANONICAL_FIELDS = ("invoice", "stock_code", "description", "quantity",
                    "invoice_date", "price", "customer_id", "country")
HEADER_LAYOUTS = {
    ("Invoice", "StockCode", "Description", "Quantity", "InvoiceDate",
     "Price", "Customer ID", "Country"): "online_retail_II",
    ("InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate",
     "UnitPrice", "CustomerID", "Country"): "online_retail",
}

# One parsed, validated CSV record. A namedtuple is hashable, so whole lines
# can be deduplicated with a set (all 8 parsed fields equal => same line).
Line = namedtuple("Line", CANONICAL_FIELDS)

# Strict formats: we only accept what the definitions allow, so that the
# "invalid" count means the same thing as on the SQL side.
QUANTITY_RE = re.compile(r"^[+-]?\d+$")
PRICE_RE = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$")
# Customer ids arrive "float-looking" (e.g. '13085.0'); only integral values
# are meaningful ids, so '13085.5' makes the record invalid.
CUSTOMER_RE = re.compile(r"^(\d+)(?:\.0*)?$")

KIND_ORDER = "order"
KIND_CANCELLATION = "cancellation"
KIND_ADJUSTMENT = "adjustment"

CENT = Decimal("0.01")
ONE_DAY = timedelta(days=1)
ONE_WEEK = timedelta(days=7)


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------

def open_text(path):
    """Open a .csv or .csv.gz file as text; newline='' is what csv expects."""
    if path.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8",
                                newline="")
    return open(path, "r", encoding="utf-8", newline="")


def parse_timestamp(text):
    """'YYYY-MM-DD HH:MM[:SS]' -> datetime, or None if it does not parse."""
    match = DATE_RE.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second = match.groups()
    try:
        return datetime(int(year), int(month), int(day), int(hour),
                        int(minute), int(second or 0))
    except ValueError:  # e.g. 2011-02-30 or 25:00
        return None


def parse_record(fields):
    """Validate one CSV record (already in canonical column order).

    Returns a Line, or None when the record is invalid (and must be skipped).
    """
    if len(fields) != 8:
        return None
    invoice, stock_code, description, quantity, date, price, customer, country = fields
    if invoice == "":
        return None
    if not QUANTITY_RE.match(quantity):
        return None
    if not PRICE_RE.match(price):
        return None
    try:
        price_value = Decimal(price)
    except InvalidOperation:
        return None
    timestamp = parse_timestamp(date)
    if timestamp is None:
        return None
    if customer == "":
        customer_id = None
    else:
        match = CUSTOMER_RE.match(customer)
        if not match:
            return None
        customer_id = int(match.group(1))
    return Line(
        invoice=invoice,
        stock_code=stock_code,
        # "strip nothing, but empty string -> None"
        description=description if description != "" else None,
        quantity=int(quantity),
        invoice_date=timestamp,
        price=price_value,
        customer_id=customer_id,
        country=country,
    )


def read_lines(path):
    """Read, validate and deduplicate all records of the file.

    Returns (distinct_lines, stats). distinct_lines keeps first-seen order.
    """
    lines_read = 0
    lines_invalid = 0
    seen = set()
    distinct = []
    with open_text(path) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise SystemExit("error: empty input file")
        # Tolerate a UTF-8 BOM and stray spaces in the header only.
        key = tuple(name.strip().lstrip("\ufeff") for name in header)
        if key not in HEADER_LAYOUTS:
            raise SystemExit("error: unrecognised header: %r" % (header,))
        for fields in reader:
            lines_read += 1
            line = parse_record(fields)
            if line is None:
                lines_invalid += 1
                continue
            # Exact duplicates (all 8 parsed fields equal) count once. Parsed,
            # not raw, equality: '2.1' and '2.10' are the same price.
            if line in seen:
                continue
            seen.add(line)
            distinct.append(line)
    valid = lines_read - lines_invalid
    stats = {
        "linesRead": lines_read,
        "linesInvalid": lines_invalid,
        "distinctLines": len(distinct),
        "duplicateCopies": valid - len(distinct),
    }
    return distinct, stats


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

def invoice_kind(invoice_code):
    """Kind is decided by the first character of the invoice code."""
    first = invoice_code[:1]
    if first == "C":
        return KIND_CANCELLATION
    if first == "A":
        return KIND_ADJUSTMENT
    return KIND_ORDER


def money(value):
    """Decimal -> JSON number rounded to 2 decimals, half away from zero."""
    if value is None:
        return None
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    number = float(rounded)  # exact 2-decimal text round-trips through float repr
    return number if number != 0 else 0.0  # avoid emitting -0.0


def ratio(numerator, denominator):
    """Unrounded float ratio, None when the denominator is zero."""
    if denominator == 0:
        return None
    return float(Decimal(numerator) / Decimal(denominator))


def midnight(value):
    return datetime(value.year, value.month, value.day)


def month_start(value):
    return datetime(value.year, value.month, 1)


def next_month_start(value):
    if value.month == 12:
        return datetime(value.year + 1, 1, 1)
    return datetime(value.year, value.month + 1, 1)


def percentile_cont(sorted_values, fraction):
    """Continuous percentile with linear interpolation (percentile_cont).

    position = fraction * (n - 1) in the ascending list; interpolate between
    the two neighbouring values. Exact in Decimal.
    """
    n = len(sorted_values)
    if n == 0:
        return None
    position = Decimal(fraction) * (n - 1)
    lower = int(position)  # floor, position is non-negative
    weight = position - lower
    if lower + 1 >= n:
        return sorted_values[lower]
    low_value = sorted_values[lower]
    high_value = sorted_values[lower + 1]
    return low_value + (high_value - low_value) * weight


def ntile(count, buckets=5):
    """Bucket number (1-based) for each 0-based row index, like SQL NTILE.

    n rows go into `buckets` groups; the first (n mod buckets) groups get one
    extra row. With fewer rows than buckets, each row is its own bucket.
    """
    base, extra = divmod(count, buckets)
    result = []
    for bucket in range(1, buckets + 1):
        size = base + (1 if bucket <= extra else 0)
        result.extend([bucket] * size)
    return result


# ---------------------------------------------------------------------------
# Invoices
# ---------------------------------------------------------------------------

class Invoice:
    """An invoice rebuilt from its lines before asOf (adjustments excluded)."""
    __slots__ = ("code", "kind", "timestamp", "customer_id", "amount",
                 "line_count", "customer_ids")

    def __init__(self, code, kind):
        self.code = code
        self.kind = kind
        self.timestamp = None
        self.customer_id = None
        self.amount = Decimal(0)
        self.line_count = 0
        self.customer_ids = set()


def build_invoices(lines, as_of):
    """Group lines (InvoiceDate < asOf, not adjustments) into invoices.

    timestamp = min InvoiceDate of the invoice's lines, amount = sum of
    quantity * price, customer = its single non-null customer id.
    """
    invoices = {}
    for line in lines:
        if line.invoice_date >= as_of:
            continue
        kind = invoice_kind(line.invoice)
        if kind == KIND_ADJUSTMENT:
            continue
        invoice = invoices.get(line.invoice)
        if invoice is None:
            invoice = invoices[line.invoice] = Invoice(line.invoice, kind)
        if invoice.timestamp is None or line.invoice_date < invoice.timestamp:
            invoice.timestamp = line.invoice_date
        invoice.amount += line.quantity * line.price
        invoice.line_count += 1
        if line.customer_id is not None:
            invoice.customer_ids.add(line.customer_id)
    for invoice in invoices.values():
        # The data has one customer per invoice; if that were ever violated we
        # take the smallest id deterministically and report it on stderr.
        invoice.customer_id = min(invoice.customer_ids) if invoice.customer_ids else None
    return invoices


def first_order_timestamps(invoices):
    """customer -> timestamp of their first ORDER invoice (before asOf)."""
    first = {}
    for invoice in invoices.values():
        if invoice.kind != KIND_ORDER or invoice.customer_id is None:
            continue
        known = first.get(invoice.customer_id)
        if known is None or invoice.timestamp < known:
            first[invoice.customer_id] = invoice.timestamp
    return first


# ---------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------

def compute_invoice_amounts(invoices):
    """Distribution of ORDER invoice amounts, only invoices with amount > 0."""
    amounts = sorted(inv.amount for inv in invoices.values()
                     if inv.kind == KIND_ORDER and inv.amount > 0)
    count = len(amounts)
    if count == 0:
        return {"count": 0, "mean": None, "min": None, "p25": None,
                "median": None, "p75": None, "p85": None, "max": None}
    return {
        "count": count,
        "mean": money(sum(amounts) / count),
        "min": money(amounts[0]),
        "p25": money(percentile_cont(amounts, "0.25")),
        "median": money(percentile_cont(amounts, "0.5")),
        "p75": money(percentile_cont(amounts, "0.75")),
        "p85": money(percentile_cont(amounts, "0.85")),
        "max": money(amounts[-1]),
    }


def compute_monthly(invoices, first_orders, window_start, window_end):
    """One row per calendar month of invoice timestamp (orders/cancellations).

    Sales are net (orders + cancellations) and are attributed to the month of
    the invoice timestamp, so an invoice is never split across months.
    A month is partial when [month start, next month start) is not inside the
    data window [window_start, window_end).
    """
    months = defaultdict(lambda: {"orders": set(), "cancellations": set(),
                                  "sales": Decimal(0), "customers": set()})
    for invoice in invoices.values():
        key = month_start(invoice.timestamp)
        bucket = months[key]
        bucket["sales"] += invoice.amount
        if invoice.kind == KIND_ORDER:
            bucket["orders"].add(invoice.code)
            if invoice.customer_id is not None:
                bucket["customers"].add(invoice.customer_id)
        else:
            bucket["cancellations"].add(invoice.code)

    rows = []
    previous_sales = None
    for key in sorted(months):
        bucket = months[key]
        active = bucket["customers"]
        new = {c for c in active if month_start(first_orders[c]) == key}
        # salesGrowth compares with the previous row (LAG semantics); in this
        # data months are contiguous, so that is also the previous month.
        if previous_sales is None or previous_sales == 0:
            growth = None
        else:
            growth = float((bucket["sales"] - previous_sales) / previous_sales)
        partial = key < window_start or next_month_start(key) > window_end
        rows.append({
            "month": key.strftime("%Y-%m"),
            "placedOrders": len(bucket["orders"]),
            "cancelledOrders": len(bucket["cancellations"]),
            "sales": money(bucket["sales"]),
            "salesGrowth": growth,
            "activeCustomers": len(active),
            "newCustomers": len(new),
            "existingCustomers": len(active) - len(new),
            "partial": partial,
        })
        previous_sales = bucket["sales"]
    return rows


def rfm_segment(r, f):
    """Segment name from recency and frequency scores (1..5)."""
    if r <= 2:
        if f <= 2:
            return "Hibernating"
        if f <= 4:
            return "At Risk"
        return "Can't Lose"
    if r == 3:
        if f <= 2:
            return "About to Sleep"
        if f == 3:
            return "Need Attention"
        return "Loyal Customers"
    if r == 4:
        if f == 1:
            return "Promising"
        if f <= 3:
            return "Potential Loyalists"
        return "Loyal Customers"
    # r == 5
    if f == 1:
        return "New Customers"
    if f <= 3:
        return "Potential Loyalists"
    return "Champions"


def compute_rfm(invoices, as_of):
    """RFM scores and segments over customers with ORDER invoices before asOf.

    recencyDays = asOf date - date of last order invoice (whole days);
    frequency = distinct order invoices; monetary = sum of their amounts.
    Customers with monetary <= 0 are left out before scoring.
    """
    per_customer = {}
    for invoice in invoices.values():
        if invoice.kind != KIND_ORDER or invoice.customer_id is None:
            continue
        entry = per_customer.setdefault(invoice.customer_id,
                                        {"last": invoice.timestamp,
                                         "frequency": 0,
                                         "monetary": Decimal(0)})
        if invoice.timestamp > entry["last"]:
            entry["last"] = invoice.timestamp
        entry["frequency"] += 1
        entry["monetary"] += invoice.amount

    as_of_date = as_of.date()
    customers = []
    for customer_id, entry in per_customer.items():
        if entry["monetary"] <= 0:
            continue
        customers.append({
            "customer_id": customer_id,
            "recency": (as_of_date - entry["last"].date()).days,
            "frequency": entry["frequency"],
            "monetary": entry["monetary"],
        })

    count = len(customers)
    buckets = ntile(count)
    # Each score is NTILE(5) over its own ordering, customer_id breaking ties
    # so the result is deterministic (and identical to the SQL ORDER BY).
    for score, sort_key in (
            ("r", lambda c: (-c["recency"], c["customer_id"])),
            ("f", lambda c: (c["frequency"], c["customer_id"])),
            ("m", lambda c: (c["monetary"], c["customer_id"]))):
        for index, customer in enumerate(sorted(customers, key=sort_key)):
            customer[score] = buckets[index]

    segments = defaultdict(list)
    for customer in customers:
        segments[rfm_segment(customer["r"], customer["f"])].append(customer)

    rows = []
    for name in sorted(segments):
        members = segments[name]
        n = len(members)
        monetary = sum((c["monetary"] for c in members), Decimal(0))
        rows.append({
            "segment": name,
            "customers": n,
            "monetary": money(monetary),
            "recencyMean": ratio(sum(c["recency"] for c in members), n),
            "frequencyMean": ratio(sum(c["frequency"] for c in members), n),
            "monetaryMean": money(monetary / n),
        })
    return {"customers": count, "segments": rows}


# ---------------------------------------------------------------------------
# Segment movement and cohort retention
# ---------------------------------------------------------------------------

MOVEMENT_DAYS = 28
NEW_CUSTOMER = "(new)"


def score_customers(invoices, as_of):
    """customer -> (segment, monetary) for every customer RFM scores at asOf.

    The same definition as compute_rfm, written out again per customer.
    """
    totals = {}
    for invoice in invoices.values():
        if invoice.kind != KIND_ORDER or invoice.customer_id is None:
            continue
        last, frequency, monetary = totals.get(invoice.customer_id, (invoice.timestamp, 0, Decimal(0)))
        totals[invoice.customer_id] = (max(last, invoice.timestamp), frequency + 1, monetary + invoice.amount)
    rows = [(cid, (as_of.date() - last.date()).days, frequency, monetary)
            for cid, (last, frequency, monetary) in totals.items() if monetary > 0]
    buckets = ntile(len(rows))
    r = {row[0]: buckets[i] for i, row in enumerate(sorted(rows, key=lambda x: (-x[1], x[0])))}
    f = {row[0]: buckets[i] for i, row in enumerate(sorted(rows, key=lambda x: (x[2], x[0])))}
    return {row[0]: (rfm_segment(r[row[0]], f[row[0]]), row[3]) for row in rows}


def compute_movement(lines, invoices, as_of):
    """Customers scored at asOf per (segment at asOf - 28 days or '(new)', segment at asOf)."""
    before = as_of - timedelta(days=MOVEMENT_DAYS)
    now_scores = score_customers(invoices, as_of)
    before_scores = score_customers(build_invoices(lines, before), before)
    cells = defaultdict(lambda: [0, Decimal(0)])
    for customer_id, (segment, monetary) in now_scores.items():
        previous = before_scores.get(customer_id, (NEW_CUSTOMER, None))[0]
        cell = cells[(previous, segment)]
        cell[0] += 1
        cell[1] += monetary
    entered = defaultdict(lambda: [0, Decimal(0)])
    for (previous, segment), (count, monetary) in cells.items():
        if previous != segment:
            entered[segment][0] += count
            entered[segment][1] += monetary
    return {
        "from": before.strftime("%Y-%m-%dT%H:%M:%S"),
        "to": as_of.strftime("%Y-%m-%dT%H:%M:%S"),
        "cells": [{"from": a, "to": b, "customers": c, "monetary": money(m)}
                  for (a, b), (c, m) in sorted(cells.items())],
        "entered": [{"segment": name, "customers": c, "monetary": money(m)}
                    for name, (c, m) in sorted(entered.items())],
    }


def compute_cohorts(invoices, window_start, window_end):
    """Retention of each first-order month by months since, to the last month of the data window."""
    active = defaultdict(set)  # customer -> months with an order
    for invoice in invoices.values():
        if invoice.kind == KIND_ORDER and invoice.customer_id is not None:
            active[invoice.customer_id].add(month_start(invoice.timestamp))
    cohorts = defaultdict(list)
    for customer_id, months in active.items():
        cohorts[min(months)].append(customer_id)
    last_month = month_start(window_end - timedelta(microseconds=1))
    result = []
    for cohort in sorted(cohorts):
        members = cohorts[cohort]
        retention = []
        month, k = cohort, 0
        while month <= last_month:
            ordering = sum(1 for c in members if month in active[c])
            partial = month < window_start or next_month_start(month) > window_end
            retention.append({"monthsSince": k, "customers": ordering,
                              "rate": ordering / len(members), "partial": partial})
            month, k = next_month_start(month), k + 1
        result.append({"cohort": cohort.strftime("%Y-%m"), "customers": len(members), "retention": retention})
    return result


def week_end_for(as_of):
    """The Monday 00:00 at or before asOf (asOf itself if it is one)."""
    day = midnight(as_of)
    return day - timedelta(days=day.weekday())  # weekday(): Monday == 0


def week_metrics(invoices, first_orders, start, end):
    """Metrics of the invoices whose timestamp lies in [start, end)."""
    sales = Decimal(0)
    order_amounts = Decimal(0)
    orders = 0
    cancellations = 0
    active = set()
    for invoice in invoices.values():
        if not (start <= invoice.timestamp < end):
            continue
        sales += invoice.amount  # net: orders + cancellations
        if invoice.kind == KIND_ORDER:
            orders += 1
            order_amounts += invoice.amount
            if invoice.customer_id is not None:
                active.add(invoice.customer_id)
        else:
            cancellations += 1
    new = {c for c in active if start <= first_orders[c] < end}
    return {
        "sales": money(sales),
        "orders": orders,
        "averageOrderValue": money(order_amounts / orders) if orders else None,
        "cancellationRate": ratio(cancellations, orders + cancellations),
        "activeCustomers": len(active),
        "newCustomers": len(new),
    }


def compute_weekly(invoices, first_orders, as_of):
    """Last complete Monday-based week before asOf, and the week before it."""
    week_end = week_end_for(as_of)
    week_start = week_end - ONE_WEEK
    return {
        "weekStart": week_start.strftime("%Y-%m-%d"),
        "current": week_metrics(invoices, first_orders, week_start, week_end),
        "previous": week_metrics(invoices, first_orders,
                                 week_start - ONE_WEEK, week_start),
    }


def compute_quality(lines, stats):
    """Data-quality counts over the distinct lines (all dates, all kinds)."""
    counts = {"cancellationLines": 0, "adjustmentLines": 0,
              "linesWithoutCustomer": 0, "zeroPriceLines": 0,
              "negativePriceLines": 0}
    for line in lines:
        kind = invoice_kind(line.invoice)
        if kind == KIND_CANCELLATION:
            counts["cancellationLines"] += 1
        elif kind == KIND_ADJUSTMENT:
            counts["adjustmentLines"] += 1
        if line.customer_id is None:
            counts["linesWithoutCustomer"] += 1
        if line.price == 0:
            counts["zeroPriceLines"] += 1
        elif line.price < 0:
            counts["negativePriceLines"] += 1
    result = dict(stats)
    result.update(counts)
    return result


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def parse_as_of(text):
    """Accept 'YYYY-MM-DDTHH:MM:SS', 'YYYY-MM-DD HH:MM[:SS]' or 'YYYY-MM-DD'."""
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("invalid --as-of: %r" % text)


def log(message):
    print(message, file=sys.stderr)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", help="CSV file, optionally gzip-compressed (.gz)")
    parser.add_argument("--as-of", type=parse_as_of, default=None,
                        help="exclusive cut-off; default = day after the "
                             "latest InvoiceDate, at 00:00")
    args = parser.parse_args(argv)
    started = time.time()

    lines, stats = read_lines(args.path)
    if not lines:
        raise SystemExit("error: no valid lines")
    first_date = min(line.invoice_date for line in lines)
    last_date = max(line.invoice_date for line in lines)

    # Default asOf: the day after the latest InvoiceDate, at midnight.
    as_of = args.as_of if args.as_of is not None else midnight(last_date) + ONE_DAY
    # Data window used for the "partial" month flag.
    window_start = midnight(first_date)
    window_end = min(as_of, midnight(last_date) + ONE_DAY)

    invoices = build_invoices(lines, as_of)
    first_orders = first_order_timestamps(invoices)

    result = {
        "asOf": as_of.strftime("%Y-%m-%dT%H:%M:%S"),
        "invoiceAmounts": compute_invoice_amounts(invoices),
        "monthly": compute_monthly(invoices, first_orders, window_start, window_end),
        "rfm": compute_rfm(invoices, as_of),
        "weekly": compute_weekly(invoices, first_orders, as_of),
        "quality": compute_quality(lines, stats),
        "movement": compute_movement(lines, invoices, as_of),
        "cohorts": compute_cohorts(invoices, window_start, window_end),
    }
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")

    # Diagnostics only (stderr): useful when comparing with the SQL side.
    all_invoices = {line.invoice for line in lines}
    multi_customer = sum(1 for inv in invoices.values() if len(inv.customer_ids) > 1)
    log("distinct invoices (all kinds, all dates): %d" % len(all_invoices))
    log("invoices before asOf (orders + cancellations): %d" % len(invoices))
    log("invoices with more than one customer id: %d" % multi_customer)
    log("data range: %s .. %s" % (first_date, last_date))
    log("elapsed: %.1f s" % (time.time() - started))


if __name__ == "__main__":
    main()
