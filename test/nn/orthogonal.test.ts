/**
 * The QR behind init.orthogonal: orthonormal rows/columns, and PyTorch's sign convention
 * (Q's columns signed so that R = Qᵀ·A has a positive diagonal).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/index.js';
import { orthogonalMatrix } from '../../src/nn/orthogonal.js';

/** The N(0, 1) matrix orthogonalMatrix draws first, replayed from the same seed. */
function gaussian(rows: number, cols: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: rows * cols }, () => rng.normal());
}

describe('orthogonalMatrix', () => {
  for (const [rows, cols] of [
    [1, 1],
    [4, 4],
    [6, 3],
    [3, 6],
    [17, 5],
  ] as const) {
    it(`${rows}×${cols}: orthonormal, and R = Qᵀ·A upper triangular with a positive diagonal`, () => {
      const q = orthogonalMatrix(rows, cols, new Rng(3));
      const a = gaussian(rows, cols, 3);
      // Work with the tall matrices M (m × n): A itself, or Aᵀ and Qᵀ when rows < cols.
      const wide = rows < cols;
      const [m, n] = wide ? [cols, rows] : [rows, cols];
      const Q = (i: number, j: number) => (wide ? q[j * cols + i] : q[i * cols + j]) as number;
      const A = (i: number, j: number) => (wide ? a[j * cols + i] : a[i * cols + j]) as number;
      for (let x = 0; x < n; x++) {
        for (let y = 0; y < n; y++) {
          let dot = 0;
          let r = 0;
          for (let i = 0; i < m; i++) {
            dot += Q(i, x) * Q(i, y);
            r += Q(i, x) * A(i, y);
          }
          expect(Math.abs(dot - (x === y ? 1 : 0))).toBeLessThan(1e-12);
          if (x > y) expect(Math.abs(r)).toBeLessThan(1e-12); // below the diagonal of R
          if (x === y) expect(r).toBeGreaterThan(0);
        }
      }
    });
  }

  it('is deterministic for a seed', () => {
    expect(orthogonalMatrix(5, 3, new Rng(1))).toEqual(orthogonalMatrix(5, 3, new Rng(1)));
    expect(orthogonalMatrix(5, 3, new Rng(1))).not.toEqual(orthogonalMatrix(5, 3, new Rng(2)));
  });
});
