/**
 * The result table: which neurite row each peer row is compared with, the speed ratio, and the
 * rendering as aligned text (terminal) or Markdown (docs/PERFORMANCE.md). Pure; unit-tested.
 */
import { formatFigure, formatRatio, speedup } from './stats.js';
import type { Row, Skip } from './types.js';

/** A row with its comparison: `ratio` = how many times faster neurite (`ref`) is than this row. */
export interface ComparedRow extends Row {
  ref?: Row;
  ratio?: number;
}

/** What the ratio column means, printed under the table. */
export const RATIO_NOTE =
  'unit ↓: lower is better (time); unit ↑: higher is better (throughput). ' +
  'neurite ×: how many times faster neurite is than that peer (peer time / neurite time, or neurite GFLOP/s / ' +
  'peer GFLOP/s): > 1 means neurite is faster, < 1 the peer. It compares with the best neurite reference row ' +
  'of the same case (named in brackets); a peer with a stated thread count (torch 1T) is compared only with ' +
  'neurite rows of that thread count or of none stated.';

/** Is this row a neurite reference (not a secondary one such as W1 fit())? */
function isRef(row: Row): boolean {
  return row.variant.impl === 'neurite' && row.variant.secondary !== true;
}

function better(a: Row, b: Row): Row {
  return speedup(a.value, b.value, a.better) >= 1 ? a : b;
}

/**
 * Attach to every peer row its neurite reference and the speed ratio. The reference is the best
 * neurite row of the same workload and case; when the peer row states `threads`, only neurite rows
 * with the same thread count or none stated are eligible (torch 1T is compared with neurite 1T).
 * @example compareRows(rows).map((r) => r.ratio) // [undefined, 2.3, 0.8] (neurite rows have none)
 */
export function compareRows(rows: readonly Row[]): ComparedRow[] {
  return rows.map((row) => {
    if (row.variant.impl === 'neurite') return { ...row };
    const t = row.variant.threads;
    const pool = rows.filter(
      (r) =>
        isRef(r) &&
        r.workload === row.workload &&
        r.case === row.case &&
        (t === undefined || r.variant.threads === undefined || r.variant.threads === t),
    );
    if (pool.length === 0) return { ...row };
    const ref = pool.reduce(better);
    return { ...row, ref, ratio: speedup(ref.value, row.value, row.better) };
  });
}

/**
 * Rows grouped for reading: by workload (in first-seen order), then by case, keeping the order
 * of variants within a case.
 * @example groupRows(rows).map((r) => r.case) // ['n=256', 'n=256', 'n=512', 'n=512']
 */
export function groupRows<T extends Row>(rows: readonly T[]): T[] {
  const key = (r: Row) => `${r.workload}\u0000${r.case}`;
  const order = new Map<string, number>();
  const workloads = new Map<string, number>();
  for (const r of rows) {
    if (!workloads.has(r.workload)) workloads.set(r.workload, workloads.size);
    if (!order.has(key(r))) order.set(key(r), order.size);
  }
  return rows
    .map((r, i) => ({ r, i }))
    .sort(
      (a, b) =>
        workloads.get(a.r.workload)! - workloads.get(b.r.workload)! ||
        order.get(key(a.r))! - order.get(key(b.r))! ||
        a.i - b.i,
    )
    .map(({ r }) => r);
}

/** Secondary figures and the prefix note of a row, e.g. 'accuracy 0.960 · ms/epoch 2.06'. */
export function formatNotes(row: Row): string {
  const parts = Object.entries(row.extra ?? {}).map(([k, v]) => `${k} ${formatFigure(v)}`);
  if (row.prefix !== undefined) parts.push(`ran ${row.prefix}`);
  return parts.join(' · ');
}

/** The table's header and cells, one array per line (header first). */
export function tableCells(rows: readonly Row[], skips: readonly Skip[] = []): string[][] {
  const header = ['workload', 'case', 'variant', 'figure', 'unit', 'notes', 'neurite ×'];
  const lines = groupRows(compareRows(rows)).map((r) => [
    r.workload,
    r.case,
    r.variant.label,
    formatFigure(r.value),
    `${r.unit} ${r.better === 'lower' ? '↓' : '↑'}`,
    formatNotes(r),
    r.ratio === undefined || r.ref === undefined ? '' : `${formatRatio(r.ratio)} (${r.ref.variant.label})`,
  ]);
  const skipped = skips.map((s) => [s.workload, '', s.variant.label, 'skipped', '', s.reason, '']);
  return [header, ...lines, ...skipped];
}

/**
 * Render cells as a plain aligned table (numbers right-aligned) or as a Markdown table.
 * @example renderTable([['a', 'b'], ['1', '22']]) // 'a  b\n-  --\n1  22'
 */
export function renderTable(cells: readonly string[][], { markdown = false } = {}): string {
  if (cells.length === 0) return '';
  const cols = Math.max(...cells.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, c) => Math.max(...cells.map((r) => width(r[c] ?? ''))));
  const numeric = (s: string) => /^[-\d.,]+$/.test(s);
  const pad = (s: string, c: number) => {
    const gap = ' '.repeat(widths[c]! - width(s));
    return numeric(s) ? gap + s : s + gap;
  };
  if (markdown) {
    const esc = (s: string) => s.replaceAll('|', '\\|');
    const line = (r: readonly string[]) => `| ${Array.from({ length: cols }, (_, c) => esc(r[c] ?? '')).join(' | ')} |`;
    const [head, ...body] = cells;
    return [line(head!), `|${' --- |'.repeat(cols)}`, ...body.map(line)].join('\n');
  }
  const line = (r: readonly string[]) =>
    Array.from({ length: cols }, (_, c) => pad(r[c] ?? '', c))
      .join('  ')
      .trimEnd();
  const [head, ...body] = cells;
  return [line(head!), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

// Display width: µ, ×, · and similar count as one column each (no wide characters are printed).
function width(s: string): number {
  return [...s].length;
}
