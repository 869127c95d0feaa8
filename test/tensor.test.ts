import { describe, expect, it } from 'vitest';
import { ones, ShapeError, Tensor, tensor } from '../src/index.js';

describe('Tensor', () => {
  it('has shape, dtype, data of exactly numel values, ndim', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.ndim).toBe(2);
    expect(t.numel()).toBe(6);
    expect(t.data.length).toBe(6);
    expect(Object.isFrozen(t.shape)).toBe(true);
  });

  it('rejects storage that does not fill the shape', () => {
    expect(() => new Tensor(new Float32Array(5), [2, 3])).toThrow(ShapeError);
  });

  it('item() works on one-element tensors only', () => {
    expect(tensor([[3.5]]).item()).toBe(3.5);
    expect(() => tensor([1, 2]).item()).toThrow(
      'item: only one-element tensors can be converted to a number; shape is [2]',
    );
  });

  it('toArray gives nested arrays, booleans for bool, a number for scalars', () => {
    expect(tensor([[1], [2]]).toArray()).toEqual([[1], [2]]);
    expect(tensor([true, false]).toArray()).toEqual([true, false]);
    expect(tensor(4).toArray()).toBe(4);
  });

  it('clone copies storage; to() converts dtype', () => {
    const a = tensor([1.5, 2.5]);
    const b = a.clone();
    (b.data as Float32Array)[0] = 9;
    expect(a.data[0]).toBe(1.5);
    expect(a.to('int32').toArray()).toEqual([1, 2]);
    expect(a.to('float32')).toBe(a);
  });

  it("freezes its shape without freezing the caller's array; frozen shapes are shared", () => {
    const dims = [2, 3];
    const t = new Tensor(new Float32Array(6), dims);
    expect(Object.isFrozen(t.shape)).toBe(true);
    expect(Object.isFrozen(dims)).toBe(false);
    dims.push(1); // the caller may still change its own array
    expect(t.shape).toEqual([2, 3]);
    const u = new Tensor(new Float32Array(6), t.shape);
    expect(u.shape).toBe(t.shape); // already frozen: no copy needed
  });

  it('toArray nests every shape in row-major order, bools as booleans', () => {
    const naive = (values: number[], shape: number[]): unknown => {
      if (shape.length === 0) return values[0];
      const [n, ...rest] = shape as [number, ...number[]];
      const size = rest.reduce((a, b) => a * b, 1);
      return Array.from({ length: n }, (_, i) => naive(values.slice(i * size, (i + 1) * size), rest));
    };
    for (const shape of [[], [0], [3], [2, 3], [2, 0, 3], [2, 3, 4], [1, 1, 2, 2]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const values = Array.from({ length: n }, (_, i) => i * 1.5 - 2);
      expect(new Tensor(Float64Array.from(values), shape).toArray(), JSON.stringify(shape)).toEqual(
        naive(values, shape),
      );
    }
    const mask = new Tensor(Uint8Array.from([1, 0, 0, 1]), [2, 2]);
    expect(mask.toArray()).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(new Tensor(Uint8Array.from([1]), []).toArray()).toBe(true);
  });
});

describe('storage contract', () => {
  it('op outputs own their buffer: no views, no offsets', () => {
    const a = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const big = ones([64, 64]);
    for (const t of [
      a.add(1),
      a.mul(a),
      a.sum(0),
      a.matmul(a.transpose(0, 1)),
      a.relu(),
      a.softmax(),
      big.matmul(big),
    ]) {
      expect(t.data.byteOffset).toBe(0);
      expect(t.data.buffer.byteLength).toBe(t.data.byteLength);
    }
  });
});
