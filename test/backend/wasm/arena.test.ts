/**
 * The state arena: zero-filled float32 arrays in their own shared WebAssembly memory, recognised by
 * `holds`, never overlapping each other or a call's operands, still valid after the memory grows,
 * and their blocks reused once the arrays are garbage-collected.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createArena, type StateArena } from '../../../src/backend/wasm/arena.js';
import { createRuntime, probeFeatures } from '../../../src/backend/wasm/module.js';

const rt = createRuntime(probeFeatures());
if (rt === null) throw new Error('WebAssembly SIMD is missing in this Node: the WASM backend cannot be tested');
if (!rt.shared) throw new Error('shared WebAssembly memory is missing in this Node: the arena cannot be tested');

/** A fresh arena (each test its own, so their blocks do not mix). */
const fresh = () => createArena(rt) as StateArena;
/** `arena.zeros(n)`, which returns null only when the memory cannot grow. */
const zeros = (arena: StateArena, n: number) => arena.zeros(n) as Float32Array;

/** The byte range [start, end) of a view. */
const range = (a: Float32Array): [number, number] => [a.byteOffset, a.byteOffset + a.byteLength];

describe('StateArena', () => {
  it('hands out zero-filled arrays of the asked length that it recognises, and no others', () => {
    const arena = fresh();
    const a = zeros(arena, 100);
    const b = zeros(arena, 1);
    expect(a.length).toBe(100);
    expect(b.length).toBe(1);
    expect(a.every((v) => v === 0)).toBe(true);
    expect(arena.holds(a) && arena.holds(b)).toBe(true);
    expect(arena.holds(new Float32Array(100))).toBe(false);
    expect(fresh().holds(a)).toBe(false); // another arena's memory
    expect(a.byteOffset % 64).toBe(0);
  });

  it('never overlaps two arrays, nor an array and the operands of a call', () => {
    const arena = fresh();
    const arrays = [3, 17, 1000, 5, 129].map((n) => zeros(arena, n));
    for (const [i, a] of arrays.entries()) a.fill(i + 1);
    const ranges = arrays.map(range).sort((x, y) => x[0] - y[0]);
    for (let i = 1; i < ranges.length; i++)
      expect((ranges[i] as number[])[0]).toBeGreaterThanOrEqual((ranges[i - 1] as number[])[1] as number);
    const [opAt] = arena.operands([4000]) as [number];
    expect(opAt).toBeGreaterThanOrEqual(Math.max(...ranges.map((r) => r[1])));
    arena.f32.fill(-1, opAt >> 2, (opAt >> 2) + 1000); // a call writing its operands
    for (const [i, a] of arrays.entries()) expect(a.every((v) => v === i + 1)).toBe(true);
  });

  it('keeps every array valid and recognised when the memory grows', () => {
    const arena = fresh();
    const small = zeros(arena, 10);
    small.fill(7);
    const before = arena.memory.buffer.byteLength;
    const big = zeros(arena, before); // 4 bytes per value: four times the memory there was
    expect(arena.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(small.every((v) => v === 7)).toBe(true);
    expect(arena.holds(small) && arena.holds(big)).toBe(true);
    small[3] = 9;
    expect(arena.f32[(small.byteOffset >> 2) + 3]).toBe(9);
  });

  it('reuses the blocks of collected arrays, zero-filled again', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const arena = fresh();
    const keep = zeros(arena, 64);
    const base = arena.top;
    const make = () => {
      for (let i = 0; i < 8; i++) zeros(arena, 1000).fill(5);
    };
    make();
    const afterFirst = arena.top;
    expect(afterFirst).toBeGreaterThan(base);
    // collect the eight arrays; the registry's callbacks run as tasks after the collection
    for (let i = 0; i < 10 && arena.top > base; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(arena.top).toBe(base);
    const again = zeros(arena, 1000);
    expect(again.every((v) => v === 0)).toBe(true);
    expect(range(again)[1]).toBeLessThanOrEqual(afterFirst);
    expect(keep.length).toBe(64);
  });
});
