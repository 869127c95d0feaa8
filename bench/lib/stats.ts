/**
 * Small pure helpers for figures: the median, and numbers formatted for the table.
 */

/**
 * The median of a non-empty list (the mean of the two middle values for an even count).
 * @example median([3, 1, 2]) // 2
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A figure with about three significant digits, no exponent for the sizes a benchmark prints.
 * @example formatFigure(1234.5) // '1,235'
 * @example formatFigure(0.04567) // '0.0457'
 */
export function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs === 0) return '0';
  // Three significant digits below 1.
  const digits = Math.min(6, 2 - Math.floor(Math.log10(abs)));
  return value.toFixed(digits);
}

/**
 * A speed ratio as printed: one decimal from 10, two below, two significant digits under 0.1.
 * @example formatRatio(2.345) // '2.35×'
 */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  if (ratio >= 10) return `${ratio.toFixed(1)}×`;
  if (ratio >= 0.1) return `${ratio.toFixed(2)}×`;
  return `${ratio.toPrecision(2)}×`; // 0.0085×: small ratios keep two significant digits
}

/**
 * How many times faster `a` is than `b`, given whether lower or higher figures are better.
 * @example speedup(10, 20, 'lower') // 2 (a takes half the time)
 * @example speedup(40, 20, 'higher') // 2 (a has twice the throughput)
 */
export function speedup(a: number, b: number, better: 'lower' | 'higher'): number {
  return better === 'lower' ? b / a : a / b;
}
