import { describe, expect, it } from 'vitest';
import { compareRows, formatNotes, groupRows, renderTable, tableCells } from '../../bench/lib/table.js';
import type { Row, Variant } from '../../bench/lib/types.js';

const v = (label: string, impl: Variant['impl'], threads?: number, secondary?: boolean): Variant => ({
  impl,
  label,
  ...(threads === undefined ? {} : { threads }),
  ...(secondary ? { secondary } : {}),
});
const gemm = (variant: Variant, n: number, value: number): Row => ({
  workload: 'W6',
  case: `n=${n}`,
  value,
  unit: 'GFLOP/s',
  better: 'higher',
  variant,
});

describe('bench table', () => {
  const js = v('neurite js', 'neurite');
  const w1 = v('neurite wasm 1T', 'neurite', 1);
  const w2 = v('neurite wasm 2T', 'neurite', 2);
  const rows = [
    gemm(js, 256, 1),
    gemm(w1, 256, 40),
    gemm(w2, 256, 70),
    gemm(v('torch 1T', 'torch', 1), 256, 80),
    gemm(v('torch 2T', 'torch', 2), 256, 140),
    gemm(v('tfjs wasm', 'tfjs'), 256, 20),
  ];

  it('compares thread-stating peers with neurite at the same thread count, others with the best', () => {
    const out = compareRows(rows);
    expect(out.slice(0, 3).every((r) => r.ratio === undefined)).toBe(true);
    expect(out[3]?.ref?.variant.label).toBe('neurite wasm 1T');
    expect(out[3]?.ratio).toBe(0.5);
    expect(out[4]?.ref?.variant.label).toBe('neurite wasm 2T');
    expect(out[4]?.ratio).toBe(0.5);
    expect(out[5]?.ref?.variant.label).toBe('neurite wasm 2T');
    expect(out[5]?.ratio).toBe(3.5);
  });

  it('falls back to rows with no stated threads, and lower-is-better units invert', () => {
    const loop = v('neurite js loop', 'neurite');
    const fit = v('neurite js fit', 'neurite', undefined, true);
    const iris = (variant: Variant, ms: number): Row => ({
      workload: 'W1',
      case: 'train',
      value: ms,
      unit: 'ms',
      better: 'lower',
      variant,
    });
    // fit() is secondary: never the reference even when faster.
    const out = compareRows([iris(loop, 100), iris(fit, 50), iris(v('torch 2T', 'torch', 2), 250)]);
    expect(out[2]?.ref?.variant.label).toBe('neurite js loop');
    expect(out[2]?.ratio).toBe(2.5);
  });

  it('leaves a peer without any neurite row uncompared', () => {
    expect(compareRows([gemm(v('torch 1T', 'torch', 1), 512, 80)])[0]?.ratio).toBeUndefined();
  });

  it('groups rows by workload, then case, keeping variant order', () => {
    const mixed = [gemm(js, 256, 1), gemm(js, 512, 1), gemm(w1, 256, 2), gemm(w1, 512, 2)];
    expect(groupRows(mixed).map((r) => `${r.case} ${r.variant.label}`)).toEqual([
      'n=256 neurite js',
      'n=256 neurite wasm 1T',
      'n=512 neurite js',
      'n=512 neurite wasm 1T',
    ]);
  });

  it('formats notes and cells, with skipped peers last', () => {
    const row = { ...gemm(js, 1024, 0.5), extra: { 'ms/call': 4295 }, prefix: '1 warm-up + 5 timed calls (slow)' };
    expect(formatNotes(row)).toBe('ms/call 4,295 · ran 1 warm-up + 5 timed calls (slow)');
    const cells = tableCells(rows.slice(0, 4), [
      { workload: 'W6', variant: v('sklearn', 'sklearn'), reason: 'missing' },
    ]);
    expect(cells[0]).toEqual(['workload', 'case', 'variant', 'figure', 'unit', 'notes', 'neurite ×']);
    expect(cells[4]).toEqual(['W6', 'n=256', 'torch 1T', '80.0', 'GFLOP/s ↑', '', '0.50× (neurite wasm 1T)']);
    expect(cells[5]).toEqual(['W6', '', 'sklearn', 'skipped', '', 'missing', '']);
  });

  it('renders aligned text and Markdown', () => {
    const cells = [
      ['name', 'value'],
      ['a', '1.5'],
      ['bb', '12.5'],
    ];
    expect(renderTable(cells)).toBe('name  value\n----  -----\na       1.5\nbb     12.5');
    expect(
      renderTable(
        [
          ['a|b', 'c'],
          ['1', '2'],
        ],
        { markdown: true },
      ),
    ).toBe('| a\\|b | c |\n| --- | --- |\n| 1 | 2 |');
  });
});
