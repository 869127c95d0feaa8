import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, reshape, ShapeError, tensor, ValueError } from '../src/index.js';
import {
  broadcastShapes,
  broadcastStrides,
  normalizeAxes,
  normalizeAxis,
  numel,
  reducedShape,
  shapesEqual,
  stridesOf,
} from '../src/shape.js';

const RUNS = { seed: 20_240_611, numRuns: 300 };

const dim = fc.integer({ min: 0, max: 4 });
const shapeArb = fc.array(dim, { maxLength: 5 });

/** A shape that broadcasts to `out`: some leading dimensions dropped, some others set to 1. */
const broadcastableTo = (out: number[]) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
    )
    .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));

/** Two shapes that are broadcast-compatible by construction, and the shape they broadcast to. */
const compatiblePair = shapeArb.chain((out) => fc.tuple(broadcastableTo(out), broadcastableTo(out), fc.constant(out)));

/**
 * The broadcast shape by its definition, by exhaustive search: the shape S (as long as the longer
 * input, each dimension taken from one of the inputs) that both inputs stretch to — every aligned
 * input dimension equals S's or is 1. null when there is none.
 */
function bruteBroadcast(a: number[], b: number[]): number[] | null {
  const n = Math.max(a.length, b.length);
  const pa = [...new Array<number>(n - a.length).fill(1), ...a];
  const pb = [...new Array<number>(n - b.length).fill(1), ...b];
  const fits = (x: number[], s: number[]) => x.every((d, i) => d === s[i] || d === 1);
  const found: number[][] = [];
  for (let mask = 0; mask < 2 ** n; mask++) {
    const s = pa.map((d, i) => ((mask >> i) & 1 ? (pb[i] as number) : d));
    if (fits(pa, s) && fits(pb, s) && !found.some((f) => shapesEqual(f, s))) found.push(s);
  }
  expect(found.length, `a broadcast of [${a}] and [${b}] is unique`).toBeLessThanOrEqual(1);
  return found[0] ?? null;
}

/** Every multi-index of `shape` in row-major (lexicographic) order. */
function multiIndices(shape: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const d of shape) out = out.flatMap((prefix) => Array.from({ length: d }, (_, i) => [...prefix, i]));
  return out;
}

describe('broadcastShapes (property)', () => {
  it('compatible shapes broadcast to the shape they were derived from, in either order', () => {
    fc.assert(
      fc.property(compatiblePair, ([a, b, out]) => {
        const ab = broadcastShapes(a, b, 'add');
        expect(ab).toEqual(broadcastShapes(b, a, 'add'));
        expect(ab).toEqual(bruteBroadcast(a, b));
        // out may be larger (dimensions that both set to 1), but ab always broadcasts to it
        expect(broadcastShapes(ab, out, 'add')).toEqual(out);
      }),
      RUNS,
    );
  });

  it('arbitrary shapes: broadcasts exactly when the definition says so, symmetrically', () => {
    fc.assert(
      fc.property(shapeArb, shapeArb, (a, b) => {
        const expected = bruteBroadcast(a, b);
        if (expected === null) {
          expect(() => broadcastShapes(a, b, 'mul')).toThrow(ShapeError);
          expect(() => broadcastShapes(b, a, 'mul')).toThrow(`mul: cannot broadcast [${b.join(', ')}] with`);
        } else {
          expect(broadcastShapes(a, b, 'mul')).toEqual(expected);
          expect(broadcastShapes(b, a, 'mul')).toEqual(expected);
        }
      }),
      RUNS,
    );
  });

  it('error names the op, both shapes and the dimension', () => {
    expect(() => broadcastShapes([32, 10], [32, 5], 'add')).toThrow(
      'add: cannot broadcast [32, 10] with [32, 5] (dimension -1 is 10 vs 5; sizes must match or one must be 1)',
    );
  });
});

describe('stridesOf / broadcastStrides (property)', () => {
  it('strides map the row-major enumeration of multi-indices onto 0, 1, 2, …', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const strides = stridesOf(shape);
        const flat = multiIndices(shape).map((idx) => idx.reduce((s, v, d) => s + v * (strides[d] as number), 0));
        expect(flat).toEqual(Array.from({ length: numel(shape) }, (_, i) => i));
        if (shape.length > 0) expect(strides[shape.length - 1]).toBe(1);
      }),
      RUNS,
    );
  });

  it('broadcast strides read the element at the clamped index (0 along size-1 dims)', () => {
    fc.assert(
      fc.property(compatiblePair, ([a, , out]) => {
        const s = broadcastStrides(a, out);
        const own = stridesOf(a);
        const lead = out.length - a.length;
        for (const idx of multiIndices(out)) {
          const viaStrides = idx.reduce((acc, v, d) => acc + v * (s[d] as number), 0);
          const direct = a.reduce(
            (acc, size, d) => acc + (size === 1 ? 0 : (idx[d + lead] as number)) * (own[d] as number),
            0,
          );
          expect(viaStrides).toBe(direct);
        }
      }),
      { ...RUNS, numRuns: 100 },
    );
  });
});

describe('normalizeAxes / normalizeAxis (property)', () => {
  it('resolves negative axes, sorts, and rejects out-of-range and repeated axes', () => {
    const arb = fc
      .integer({ min: 1, max: 5 })
      .chain((nd) => fc.tuple(fc.constant(nd), fc.array(fc.integer({ min: -nd - 2, max: nd + 1 }), { maxLength: 4 })));
    fc.assert(
      fc.property(arb, ([nd, axes]) => {
        const call = () => normalizeAxes(axes, nd, 'sum');
        const bad = axes.find((a) => a < -nd || a >= nd);
        if (bad !== undefined) {
          expect(call).toThrow(ValueError);
          expect(call).toThrow(`sum: axis ${bad} is out of range for a tensor of ${nd} dimensions`);
          return;
        }
        const resolved = axes.map((a) => (a + nd) % nd);
        if (new Set(resolved).size < resolved.length) {
          expect(call).toThrow(`sum: repeated axis in [${axes.join(', ')}]`);
          return;
        }
        expect(call()).toEqual([...resolved].sort((x, y) => x - y));
      }),
      RUNS,
    );
  });

  it('undefined means every axis; a single number means one', () => {
    expect(normalizeAxes(undefined, 3, 'sum')).toEqual([0, 1, 2]);
    expect(normalizeAxes(undefined, 0, 'sum')).toEqual([]);
    expect(normalizeAxes(-1, 3, 'sum')).toEqual([2]);
    expect(normalizeAxis(0, 0, 'sum')).toBe(0); // a scalar accepts axis 0, as PyTorch
  });

  it('non-integer axes are out of range', () => {
    expect(() => normalizeAxis(1.5, 3, 'max')).toThrow('max: axis 1.5 is out of range for a tensor of 3 dimensions');
    expect(() => normalizeAxis(Number.NaN, 3, 'max')).toThrow(ValueError);
  });

  // KNOWN BUG in src/shape.ts (not this file's to fix): the message says a scalar accepts -1 to 0,
  // but -1 + ndim = -1 is then rejected. Fix: resolve with `axis + Math.max(ndim, 1)`. When fixed,
  // turn this into a plain `it`.
  it('a scalar accepts axis -1, as PyTorch (torch.tensor(3.).sum(-1))', () => {
    expect(normalizeAxis(-1, 0, 'sum')).toBe(0);
  });
});

describe('reducedShape (property)', () => {
  const arb = shapeArb.chain((shape) =>
    fc.tuple(fc.constant(shape), fc.subarray(shape.map((_, i) => i)), fc.boolean()),
  );
  it('removes the reduced axes, or keeps them as 1; element counts multiply back', () => {
    fc.assert(
      fc.property(arb, ([shape, axes, keepDims]) => {
        const out = reducedShape(shape, axes, keepDims);
        const kept = shape.filter((_, i) => !axes.includes(i));
        if (keepDims) {
          expect(out).toEqual(shape.map((d, i) => (axes.includes(i) ? 1 : d)));
        } else {
          expect(out).toEqual(kept);
        }
        expect(numel(out) * numel(axes.map((a) => shape[a] as number))).toBe(numel(shape));
      }),
      RUNS,
    );
  });
});

describe('reshape round trips (property)', () => {
  const positiveShape = fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 });
  // a target with the same elements: the dims shuffled, optionally one of them written as -1
  const arb = positiveShape.chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.shuffledSubarray(shape, { minLength: shape.length, maxLength: shape.length }),
      fc.integer({ min: -1, max: shape.length - 1 }),
    ),
  );
  it('x → target → x keeps values and storage; -1 is inferred; the gradient is ones', () => {
    fc.assert(
      fc.property(arb, ([shape, dims, free]) => {
        const x = arange(numel(shape)).reshape(shape);
        const spec = dims.map((d, i) => (i === free ? -1 : d));
        const y = reshape(x, spec);
        expect(y.shape).toEqual(dims);
        expect(y.data).toBe(x.data);
        const back = reshape(y, shape);
        expect(back.shape).toEqual(shape);
        expect(back.toArray()).toEqual(x.toArray());

        const leaf = tensor(Float32Array.from(x.data), { shape, requiresGrad: true });
        reshape(reshape(leaf, spec), shape).sum().backward();
        expect(Array.from(leaf.grad?.data ?? [])).toEqual(new Array(numel(shape)).fill(1));
      }),
      { ...RUNS, numRuns: 150 },
    );
  });

  it('errors say why a reshape is impossible', () => {
    const x = arange(6).reshape([2, 3]);
    expect(() => reshape(x, [4, -1])).toThrow('reshape: cannot reshape [2, 3] (6 elements) to [4, -1]');
    expect(() => reshape(x, [-1, -1])).toThrow('only one dimension can be -1');
    expect(() => reshape(x, [5])).toThrow(ShapeError);
  });
});
