import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gaussianRing, modeCoverage, Rng, ShapeError, tensor, ValueError } from '../../../src/index.js';

describe('gaussianRing', () => {
  it('puts 8 centres on a circle of radius 2 at angles 2πk/8, mode 0 at (2, 0)', () => {
    const { centres } = gaussianRing({ n: 0, seed: 1 });
    expect(centres.shape).toEqual([8, 2]);
    const c = centres.toArray() as number[][];
    c.forEach(([x, y], k) => {
      expect(x).toBeCloseTo(2 * Math.cos((2 * Math.PI * k) / 8), 6);
      expect(y).toBeCloseTo(2 * Math.sin((2 * Math.PI * k) / 8), 6);
    });
    expect(c[2]?.[0]).toBeCloseTo(0, 6);
    expect(c[2]?.[1]).toBeCloseTo(2, 6);
  });

  it('draws every point near its own mode with the given std, all modes about equally often', () => {
    const { x, y, centres } = gaussianRing({ n: 4000, seed: 3 });
    expect(x.shape).toEqual([4000, 2]);
    expect(y.dtype).toBe('int32');
    const counts = new Array(8).fill(0);
    let sq = 0;
    for (let i = 0; i < 4000; i++) {
      const k = y.data[i] as number;
      counts[k] += 1;
      for (const j of [0, 1]) sq += ((x.data[2 * i + j] as number) - (centres.data[2 * k + j] as number)) ** 2;
    }
    expect(Math.sqrt(sq / 8000)).toBeCloseTo(0.02, 2); // the per-axis std
    for (const c of counts) expect(c).toBeGreaterThan(400); // 500 expected per mode
  });

  it('follows its options and its seed', () => {
    const a = gaussianRing({ n: 50, modes: 3, radius: 5, std: 0.5, seed: 7 });
    expect(a.centres.toArray()).toEqual([
      [5, 0],
      [expect.closeTo(-2.5, 5), expect.closeTo(4.330127, 5)],
      [expect.closeTo(-2.5, 5), expect.closeTo(-4.330127, 5)],
    ]);
    expect(Array.from(gaussianRing({ n: 50, modes: 3, radius: 5, std: 0.5, seed: 7 }).x.data)).toEqual(
      Array.from(a.x.data),
    );
    expect(Array.from(gaussianRing({ n: 50, modes: 3, radius: 5, std: 0.5, seed: 8 }).x.data)).not.toEqual(
      Array.from(a.x.data),
    );
    const rng = new Rng(1);
    const first = gaussianRing({ n: 5, rng }).x.data;
    expect(Array.from(gaussianRing({ n: 5, rng }).x.data)).not.toEqual(Array.from(first)); // rng advances
  });

  it('rejects bad options', () => {
    expect(() => gaussianRing({ n: -1 })).toThrow(ValueError);
    expect(() => gaussianRing({ n: 2.5 })).toThrow(/n must be a whole number/);
    expect(() => gaussianRing({ n: 1, modes: 0 })).toThrow(/modes/);
    expect(() => gaussianRing({ n: 1, std: -0.1 })).toThrow(/std/);
    expect(() => gaussianRing({ n: 1, radius: Number.NaN })).toThrow(/radius/);
  });
});

describe('modeCoverage', () => {
  const centres = gaussianRing({ n: 0 }).centres;

  it('the real ring covers all 8 modes with every point near one', () => {
    const ring = gaussianRing({ n: 2000, seed: 1 });
    const c = modeCoverage(ring.x, ring.centres);
    expect(c.modesCovered).toBe(8);
    expect(c.fractionNearModes).toBe(1);
    expect(c.perMode.reduce((a, b) => a + b, 0)).toBe(2000);
  });

  it('counts points within the radius, for the nearest centre, and a mode needs minFraction of all points', () => {
    const points = tensor([
      [2, 0], // mode 0
      [2.05, 0.05], // mode 0 (distance 0.0707)
      [0, 1.95], // mode 2
      [2.2, 0], // 0.2 from mode 0: nowhere
      [0, 0], // nowhere
    ]);
    const c = modeCoverage(points, centres);
    expect(c.perMode).toEqual([2, 0, 1, 0, 0, 0, 0, 0]);
    expect(c.fractionNearModes).toBeCloseTo(3 / 5, 12);
    expect(c.modesCovered).toBe(2);
    // One point is 20% of five: below a minimum of 25% mode 2 no longer counts as covered.
    expect(modeCoverage(points, centres, { minFraction: 0.25 }).modesCovered).toBe(1);
    expect(modeCoverage(points, centres, { radius: 0.25 }).perMode[0]).toBe(3);
  });

  it('a collapsed generator covers one mode; points between the modes cover none', () => {
    const collapsed = tensor(Array.from({ length: 100 }, () => [0, -2]));
    expect(modeCoverage(collapsed, centres)).toEqual({
      modesCovered: 1,
      perMode: [0, 0, 0, 0, 0, 0, 100, 0],
      fractionNearModes: 1,
    });
    const between = tensor(Array.from({ length: 100 }, () => [0, 0]));
    expect(modeCoverage(between, centres).modesCovered).toBe(0);
  });

  it('perMode sums to the points near a mode, for any points (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.float({ min: -3, max: 3, noNaN: true }), fc.float({ min: -3, max: 3, noNaN: true })), {
          maxLength: 40,
        }),
        (pts) => {
          const c = modeCoverage(
            tensor(pts.length === 0 ? new Float32Array(0) : pts, pts.length === 0 ? { shape: [0, 2] } : {}),
            centres,
            { radius: 0.5 },
          );
          expect(c.perMode.reduce((a, b) => a + b, 0)).toBe(Math.round(c.fractionNearModes * pts.length));
          expect(c.modesCovered).toBeLessThanOrEqual(8);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('rejects points or centres that are not [N, 2], and bad options', () => {
    expect(() => modeCoverage(tensor([1, 2]), centres)).toThrow(ShapeError);
    expect(() => modeCoverage(tensor([[1, 2, 3]]), centres)).toThrow(/points has shape \[1, 3\], expected \[N, 2\]/);
    expect(() => modeCoverage(tensor([[1, 2]]), tensor([[1]]))).toThrow(/centres/);
    expect(() => modeCoverage(tensor([[1, 2]]), centres, { radius: 0 })).toThrow(ValueError);
    expect(() => modeCoverage(tensor([[1, 2]]), centres, { minFraction: 2 })).toThrow(/minFraction/);
  });
});
