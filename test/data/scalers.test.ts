import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinMaxScaler, ShapeError, StandardScaler, tensor, ValueError } from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';

const FC = { numRuns: 50, seed: 23 };

/** A random [n, f] float64 matrix; column `constant` (if any) is filled with one value. */
const matrix = fc
  .record({
    n: fc.integer({ min: 2, max: 30 }),
    f: fc.integer({ min: 1, max: 5 }),
    seed: fc.integer({ min: 0, max: 1e6 }),
    scale: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
    offset: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
    constant: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  })
  .map(({ n, f, seed, scale, offset, constant }) => {
    let s = seed;
    const next = () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
    const data = Float64Array.from({ length: n * f }, (_, k) =>
      k % f === constant ? offset : offset + scale * (next() - 0.5),
    );
    return {
      x: tensor(data, { shape: [n, f] }),
      n,
      f,
      constant: constant !== undefined && constant < f ? constant : -1,
    };
  });

function columnStats(t: { data: ArrayLike<number>; shape: readonly number[] }, j: number) {
  const [n, f] = t.shape as [number, number];
  const col = Array.from({ length: n }, (_, i) => t.data[i * f + j] as number);
  const mean = col.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return { mean, std, min: Math.min(...col), max: Math.max(...col) };
}

describe('StandardScaler', () => {
  it('train columns get mean 0 and population std 1; constant columns 0; inverse round-trips', () => {
    fc.assert(
      fc.property(matrix, ({ x, f, constant }) => {
        const s = new StandardScaler();
        const z = s.fitTransform(x);
        expect(z.dtype).toBe('float64');
        expect(z.shape).toEqual(x.shape);
        for (let j = 0; j < f; j++) {
          const { mean, std } = columnStats(z, j);
          expect(Math.abs(mean)).toBeLessThan(1e-9);
          if (j === constant) {
            expect(std).toBe(0);
            expect(s.scale?.data[j]).toBe(1);
          } else expect(std).toBeCloseTo(1, 9);
        }
        expect(Array.from(z.data).every(Number.isFinite)).toBe(true);
        expectClose(s.inverseTransform(z), x, { rtol: 1e-9, floor: 1 });
      }),
      FC,
    );
  });

  it('matches sklearn on a small example and keeps float32 as float32', () => {
    const x = tensor([
      [0, 0, 7],
      [0, 0, 7],
      [1, 1, 7],
      [1, 1, 7],
    ]);
    const s = new StandardScaler().fit(x);
    // sklearn: mean_ [0.5, 0.5, 7], var_ [0.25, 0.25, 0], scale_ [0.5, 0.5, 1]
    expect(s.mean?.toArray()).toEqual([0.5, 0.5, 7]);
    expect(s.var?.toArray()).toEqual([0.25, 0.25, 0]);
    expect(s.scale?.toArray()).toEqual([0.5, 0.5, 1]);
    const z = s.transform(tensor([[2, 2, 8]]));
    expect(z.dtype).toBe('float32');
    expect(z.toArray()).toEqual([[3, 3, 1]]);
    const intX = tensor([[1], [3]], { dtype: 'int32' });
    expect(new StandardScaler().fitTransform(intX).toArray()).toEqual([[-1], [1]]);
  });

  it('withMean / withStd turn the parts off', () => {
    const x = tensor([[1], [3]]);
    expect(new StandardScaler({ withMean: false }).fitTransform(x).toArray()).toEqual([[1], [3]]);
    expect(new StandardScaler({ withStd: false }).fitTransform(x).toArray()).toEqual([[-1], [1]]);
  });

  it('errors before fit, for the wrong number of features, non-2-D input and NaN', () => {
    const s = new StandardScaler();
    expect(() => s.transform(tensor([[1, 2]]))).toThrow(ValueError);
    expect(() => s.transform(tensor([[1, 2]]))).toThrow(
      'StandardScaler.transform: the scaler is not fitted yet; call fit(xTrain) first',
    );
    s.fit(tensor([[1, 2, 3]]));
    expect(() => s.transform(tensor([[1, 2]]))).toThrow(ShapeError);
    expect(() => s.transform(tensor([[1, 2]]))).toThrow(
      'StandardScaler.transform: x [1, 2] has 2 features, but the scaler was fitted on 3 (expected [M, 3])',
    );
    expect(() => s.inverseTransform(tensor([[1, 2]]))).toThrow('StandardScaler.inverseTransform: x [1, 2] has 2');
    expect(() => s.fit(tensor([1, 2, 3]))).toThrow('expected a 2-D tensor [samples, features], got [3]; reshape');
    expect(() => s.fit(tensor([[1, Number.NaN]]))).toThrow('StandardScaler.fit: x[0, 1] is NaN');
  });
});

describe('MinMaxScaler', () => {
  it('train columns span featureRange exactly; constant columns map to lo; inverse round-trips', () => {
    fc.assert(
      fc.property(
        matrix,
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        ({ x, f, constant }, lo, width) => {
          const hi = lo + width;
          const s = new MinMaxScaler({ featureRange: [lo, hi] });
          const z = s.fitTransform(x);
          expect(Array.from(z.data).every(Number.isFinite)).toBe(true);
          for (let j = 0; j < f; j++) {
            const { min, max } = columnStats(z, j);
            if (j === constant) {
              expect(min).toBeCloseTo(lo, 9);
              expect(max).toBeCloseTo(lo, 9);
            } else {
              expect(min).toBeCloseTo(lo, 9);
              expect(max).toBeCloseTo(hi, 9);
            }
          }
          expectClose(s.inverseTransform(z), x, { rtol: 1e-9, floor: 1 });
        },
      ),
      FC,
    );
  });

  it('matches the documented example; new data may leave the range', () => {
    const s = new MinMaxScaler({ featureRange: [-1, 1] });
    expect(
      s
        .fitTransform(
          tensor([
            [0, 5],
            [10, 5],
            [5, 5],
          ]),
        )
        .toArray(),
    ).toEqual([
      [-1, -1],
      [1, -1],
      [0, -1],
    ]);
    // Constant column 5: range taken as 1, so 6 → −1 + (6 − 5)·2 = 1, as sklearn.
    expect(s.transform(tensor([[20, 6]])).toArray()).toEqual([[3, 1]]);
    expect(s.dataMin?.toArray()).toEqual([0, 5]);
    expect(s.dataMax?.toArray()).toEqual([10, 5]);
  });

  it('errors', () => {
    expect(() => new MinMaxScaler({ featureRange: [1, 0] })).toThrow(
      'MinMaxScaler: featureRange must be [lo, hi] with lo < hi, got [1, 0]',
    );
    expect(() => new MinMaxScaler().transform(tensor([[1]]))).toThrow(
      'MinMaxScaler.transform: the scaler is not fitted',
    );
    const s = new MinMaxScaler().fit(tensor([[1, 2]]));
    expect(() => s.transform(tensor([[1, 2, 3]]))).toThrow('has 3 features, but the scaler was fitted on 2');
  });
});
