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
