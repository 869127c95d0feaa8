import { describe, expect, it } from 'vitest';
import {
  accuracy,
  confusionMatrix,
  f1,
  mae,
  mse,
  precision,
  predictedLabels,
  r2,
  recall,
  ShapeError,
  tensor,
  ValueError,
  zeros,
} from '../../src/index.js';

const labels = (v: number[]) => tensor(v, { dtype: 'int32' });

// scikit-learn's documented examples (precision_score, confusion_matrix, r2_score, …).
const yTrue = labels([0, 1, 2, 0, 1, 2]);
const yPred = labels([0, 2, 1, 0, 0, 1]);

describe('classification metrics', () => {
  it('reads predictions from scores, single scores and labels', () => {
    expect(
      Array.from(
        predictedLabels(
          tensor([
            [0.1, 2, 0],
            [3, -1, 0],
          ]),
        ),
      ),
    ).toEqual([1, 0]);
    expect(Array.from(predictedLabels(tensor([0.2, 0.7])))).toEqual([0, 1]);
    expect(Array.from(predictedLabels(tensor([[-0.5], [0.5]]), { threshold: 0 }))).toEqual([0, 1]);
    expect(Array.from(predictedLabels(labels([2, 0])))).toEqual([2, 0]);
    expect(() => predictedLabels(tensor([[[1]]]))).toThrow(ShapeError);
    // the first of equal scores, NaN as the largest (argmax's rules), and no samples at all
    expect(
      Array.from(
        predictedLabels(
          tensor([
            [1, 3, 3],
            [Number.NaN, 5, 1],
            [0, 0, Number.NaN],
          ]),
        ),
      ),
    ).toEqual([1, 0, 2]);
    expect(predictedLabels(zeros([0, 3])).length).toBe(0);
    expect(accuracy(zeros([0, 3]), labels([]))).toBeNaN();
  });

  it('accuracy counts the matches', () => {
    expect(accuracy(yPred, yTrue)).toBeCloseTo(2 / 6, 12);
    const scores = tensor([
      [2, 0.1],
      [0, 1],
      [3, 1],
    ]);
    expect(accuracy(scores, labels([0, 1, 1]))).toBeCloseTo(2 / 3, 12);
    // binary: probabilities against float targets, and a [N, 1] target
    expect(accuracy(tensor([0.9, 0.2, 0.6]), tensor([1, 0, 0]))).toBeCloseTo(2 / 3, 12);
    expect(accuracy(tensor([[0.9], [0.2]]), tensor([[1], [0]]))).toBe(1);
  });

  it('precision, recall and F1 match scikit-learn (macro and per class)', () => {
    expect(precision(yPred, yTrue)).toBeCloseTo(0.2222222, 6);
    expect(recall(yPred, yTrue)).toBeCloseTo(0.3333333, 6);
    expect(f1(yPred, yTrue)).toBeCloseTo(0.2666667, 6);
    const p = precision(yPred, yTrue, { average: 'none' });
    expect(p[0]).toBeCloseTo(2 / 3, 12);
    expect(p.slice(1)).toEqual([0, 0]);
    expect(recall(yPred, yTrue, { average: 'none' })).toEqual([1, 0, 0]);
    const perClass = f1(yPred, yTrue, { average: 'none' });
    expect(perClass[0]).toBeCloseTo(0.8, 12);
    expect(perClass.slice(1)).toEqual([0, 0]);
  });

  it('the confusion matrix has true classes as rows', () => {
    const m = confusionMatrix(labels([0, 0, 2, 2, 0, 2]), labels([2, 0, 2, 2, 0, 1]));
    expect(m).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
    // a class that never appears still gets its row with numClasses, or from the scores' width
    expect(confusionMatrix(labels([0, 0]), labels([0, 0]), { numClasses: 3 })).toEqual([
      [2, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(confusionMatrix(tensor([[1, 0, 0]]), labels([0]))).toHaveLength(3);
  });

  it('rejects mismatched and non-integer targets', () => {
    expect(() => accuracy(labels([0, 1]), labels([0, 1, 1]))).toThrow(
      /accuracy: target \[3\] does not match output \[2\]/,
    );
    expect(() => accuracy(tensor([0.9, 0.1]), tensor([0.5, 1]))).toThrow(ValueError);
    expect(() => confusionMatrix(labels([0, 5]), labels([0, 1]), { numClasses: 2 })).toThrow(/outside the 2 classes/);
  });
});

describe('regression metrics', () => {
  const t = tensor([3, -0.5, 2, 7]);
  const o = tensor([2.5, 0, 2, 8]);

  it('mae and mse', () => {
    expect(mae(o, t)).toBeCloseTo(0.5, 6);
    expect(mse(o, t)).toBeCloseTo(0.375, 6);
    const tt = tensor([
      [0.5, 1],
      [-1, 1],
      [7, -6],
    ]);
    const oo = tensor([
      [0, 2],
      [-1, 2],
      [8, -5],
    ]);
    expect(mae(oo, tt)).toBeCloseTo(0.75, 6);
    expect(mse(oo, tt)).toBeCloseTo(0.7083333, 6);
    expect(r2(oo, tt)).toBeCloseTo(0.9368005, 6);
  });

  it('r2 is 1 for a perfect fit, 0 for the mean, and handles constant targets', () => {
    expect(r2(o, t)).toBeCloseTo(0.9486081, 6);
    expect(r2(t, t)).toBe(1);
    expect(r2(tensor([2.875, 2.875, 2.875, 2.875]), t)).toBeCloseTo(0, 6);
    expect(r2(tensor([1, 1]), tensor([1, 1]))).toBe(1);
    expect(r2(tensor([1, 2]), tensor([1, 1]))).toBe(0);
  });

  it('accepts a [N] target for a [N, 1] output and rejects other shapes', () => {
    expect(mse(tensor([[1], [2]]), tensor([1, 4]))).toBeCloseTo(2, 6);
    expect(() => mae(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(/mae: output \[3\] and target \[2\]/);
  });
});
