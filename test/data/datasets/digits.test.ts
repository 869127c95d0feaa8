import { describe, expect, it } from 'vitest';
import { loadDigits, trainTestSplit } from '../../../src/index.js';

describe('loadDigits', () => {
  it("has the shape, dtypes and class counts of sklearn's load_digits()", () => {
    const { x, y, classNames } = loadDigits();
    expect(x.shape).toEqual([1797, 1, 8, 8]);
    expect(x.dtype).toBe('float32');
    expect(y.shape).toEqual([1797]);
    expect(y.dtype).toBe('int32');
    expect(classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const perClass = new Array(10).fill(0);
    for (const v of y.data) perClass[v]! += 1;
    // np.bincount(load_digits().target) with /usr/bin/python3 (scikit-learn 1.2.1).
    expect(perClass).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    expect(Array.from(y.data.subarray(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(y.data.subarray(1792))).toEqual([9, 0, 8, 9, 8]);
  });

  it("matches the checksums of sklearn's digits.csv.gz", () => {
    const { x } = loadDigits();
    // Back to the file's integers 0..16: exact, since k / 16 is exact in float32.
    const counts = Array.from(x.data, (v) => v * 16);
    expect(counts.every((v) => Number.isInteger(v) && v >= 0 && v <= 16)).toBe(true);
    // load_digits().data.sum(), and Σ value · (row + 1) · (column + 1), computed with numpy.
    expect(counts.reduce((s, v) => s + v, 0)).toBe(561718);
    let weighted = 0;
    counts.forEach((v, k) => {
      weighted += v * (Math.floor(k / 64) + 1) * ((k % 64) + 1);
    });
    expect(weighted).toBe(16337198609);
    expect(counts.filter((v) => v === 16).length).toBe(10456);
    expect(counts.slice(0, 16)).toEqual([0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0]);
    expect(counts.slice(-8)).toEqual([0, 1, 8, 12, 14, 12, 1, 0]);
  });

  it('returns fresh tensors on every call', () => {
    const a = loadDigits();
    a.x.data[2] = 1;
    a.y.data[0] = 7;
    const b = loadDigits();
    expect(b.x.data[2]).toBe(5 / 16);
    expect(b.y.data[0]).toBe(0);
  });

  it('splits with trainTestSplit, stratified', () => {
    const { x, y } = loadDigits();
    const s = trainTestSplit(x, y, { testSize: 0.25, stratify: true, seed: 1 });
    expect(s.xTest.shape).toEqual([450, 1, 8, 8]);
    expect(s.xTrain.shape).toEqual([1347, 1, 8, 8]);
  });
});
