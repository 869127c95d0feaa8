import { describe, expect, it } from 'vitest';
import { loadIris } from '../../../src/index.js';

describe('loadIris', () => {
  it('has the 150 rows of scikit-learn iris.csv, 50 per class', () => {
    const { x, y, featureNames, classNames } = loadIris();
    expect(x.shape).toEqual([150, 4]);
    expect(x.dtype).toBe('float32');
    expect(y.shape).toEqual([150]);
    expect(y.dtype).toBe('int32');
    expect(classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(featureNames).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    const perClass = [0, 0, 0];
    for (const v of y.data) perClass[v]! += 1;
    expect(perClass).toEqual([50, 50, 50]);
    // Sorted by class, as the file.
    expect(Array.from(y.data)).toEqual(Array.from({ length: 150 }, (_, i) => Math.floor(i / 50)));
  });

  it('matches the checksums of sklearn/datasets/data/iris.csv', () => {
    const { x } = loadIris();
    const sums = [0, 0, 0, 0];
    x.data.forEach((v, k) => {
      sums[k % 4]! += v;
    });
    // Column sums of the file (awk over sklearn 1.2.1's iris.csv): 876.5 458.6 563.7 179.9.
    [876.5, 458.6, 563.7, 179.9].forEach((s, j) => {
      expect(sums[j]).toBeCloseTo(s, 3);
    });
    // First and last rows, and sklearn's corrected rows 35 and 38 (1-based).
    const row = (i: number) => Array.from(x.data.subarray(4 * i, 4 * i + 4));
    expect(row(0)).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    expect(row(34)).toEqual([4.9, 3.1, 1.5, 0.2].map(Math.fround));
    expect(row(37)).toEqual([4.9, 3.6, 1.4, 0.1].map(Math.fround));
    expect(row(149)).toEqual([5.9, 3.0, 5.1, 1.8].map(Math.fround));
    // A weighted sum catches swapped rows that plain column sums would miss.
    let weighted = 0;
    x.data.forEach((v, k) => {
      weighted += v * (Math.floor(k / 4) + 1) * ((k % 4) + 1);
    });
    expect(weighted).toBeCloseTo(WEIGHTED, 0); // within 0.5: float32 rounding is far smaller
  });

  it('returns fresh tensors on every call', () => {
    const a = loadIris();
    a.x.data[0] = 100;
    expect(loadIris().x.data[0]).toBeCloseTo(5.1, 5);
  });
});

/** Σ value · (row + 1) · (column + 1) over sklearn's iris.csv, computed with awk in float64. */
const WEIGHTED = 367026.2;
