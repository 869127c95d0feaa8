import { describe, expect, it } from 'vitest';
import { globalRng, manualSeed, Rng } from '../src/random.js';

describe('Rng', () => {
  it('same seed gives the same stream; different seeds differ', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(xs);
    const c = new Rng(43);
    expect(Array.from({ length: 100 }, () => c.nextUint32())).not.toEqual(xs);
  });

  it('uniform is in [low, high) and roughly uniform', () => {
    const r = new Rng(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      counts[Math.floor(u * 10)]++;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('permutation contains each index once and depends on the seed', () => {
    const p = new Rng(3).permutation(50);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...new Rng(3).permutation(50)]).toEqual([...p]);
    expect([...new Rng(4).permutation(50)]).not.toEqual([...p]);
  });

  it('permutation draws what Fisher–Yates over int() draws, and leaves the generator where it would', () => {
    // the same bits as this reference, and the generator left where the reference leaves it
    const reference = (rng: Rng, n: number): number[] => {
      const p = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(0, i + 1);
        [p[i], p[j]] = [p[j] as number, p[i] as number];
      }
      return p;
    };
    for (const seed of [0, 1, 7, 2 ** 31 + 5]) {
      for (const n of [0, 1, 2, 3, 20, 100, 1000]) {
        const a = new Rng(seed);
        const b = new Rng(seed);
        a.uniform(); // start mid-stream, with a word of state of each sign
        b.uniform();
        expect([...a.permutation(n)]).toEqual(reference(b, n));
        expect(a.getState()).toEqual(b.getState());
        expect(a.nextUint32()).toBe(b.nextUint32());
      }
    }
  });

  it('int stays in [low, high)', () => {
    const r = new Rng(9);
    for (let i = 0; i < 1000; i++) {
      const k = r.int(-2, 3);
      expect(k >= -2 && k < 3 && Number.isInteger(k)).toBe(true);
    }
  });

  it('getState / setState resumes the exact stream, including the cached normal', () => {
    const r = new Rng(7);
    r.normal();
    const state = r.getState();
    const next = [r.normal(), r.uniform(), r.normal()];
    const s = new Rng(0);
    s.setState(state);
    expect([s.normal(), s.uniform(), s.normal()]).toEqual(next);
  });

  it('manualSeed resets the global generator', () => {
    manualSeed(5);
    const x = globalRng.uniform();
    manualSeed(5);
    expect(globalRng.uniform()).toBe(x);
  });
});
