/** How numbers read in text output and reports: GBP with pence, thousands separators, signed percentages. */
const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatMoney = (value: number | null) => (value === null ? '—' : gbp.format(value));
export const formatCount = (value: number | null) => (value === null ? '—' : whole.format(value));
export const formatDecimal = (value: number | null) => (value === null ? '—' : oneDecimal.format(value));
export const formatPercent = (ratio: number | null) => (ratio === null ? '—' : `${oneDecimal.format(ratio * 100)}%`);
export const formatChange = (ratio: number | null) =>
  ratio === null ? '—' : `${ratio > 0 ? '+' : ''}${oneDecimal.format(ratio * 100)}%`;
/** A change of a rate, in percentage points: 0.021 − 0.018 → "+0.3 pp" (never "percent of a percent"). */
export const formatPoints = (difference: number | null) =>
  difference === null ? '—' : `${difference > 0 ? '+' : difference < 0 ? '−' : '±'}${oneDecimal.format(Math.abs(difference) * 100)} pp`;
const gbpWhole = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
/** Pounds without pence, for sums in sentences ("£4,168,812"): pence there are noise. */
export const formatWholeMoney = (value: number | null) => (value === null ? '—' : gbpWhole.format(value));
