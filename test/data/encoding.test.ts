import { describe, expect, it } from 'vitest';
import { DTypeError, LabelEncoder, oneHot, tensor, ValueError } from '../../src/index.js';

describe('oneHot', () => {
  it('int32 [N] → float32 [N, C]', () => {
    const h = oneHot(tensor([0, 2, 1, 2], { dtype: 'int32' }));
    expect(h.dtype).toBe('float32');
    expect(h.toArray()).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(oneHot(tensor([1], { dtype: 'int32' }), 4).toArray()).toEqual([[0, 1, 0, 0]]);
    expect(oneHot(tensor([[0], [1]], { dtype: 'int32' }), 2).shape).toEqual([2, 1, 2]);
  });

  it('errors', () => {
    expect(() => oneHot(tensor([0, 1]))).toThrow(DTypeError);
    expect(() => oneHot(tensor([0, 1]))).toThrow(
      "oneHot: labels must be int32 class indices, got float32; convert with labels.to('int32')",
    );
    expect(() => oneHot(tensor([0, 3], { dtype: 'int32' }), 3)).toThrow(
      'oneHot: label 3 at position 1 is outside [0, 2] for 3 classes',
    );
    expect(() => oneHot(tensor([-1], { dtype: 'int32' }), 3)).toThrow(ValueError);
    expect(() => oneHot(tensor([], { dtype: 'int32' }))).toThrow('oneHot: numClasses must be a positive integer');
  });
});

describe('LabelEncoder', () => {
  it('classes sorted as sklearn; transform / inverseTransform round trip', () => {
    const enc = new LabelEncoder<string>();
    const codes = enc.fitTransform(['virginica', 'setosa', 'versicolor', 'setosa']);
    expect(enc.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(codes.dtype).toBe('int32');
    expect(codes.toArray()).toEqual([2, 0, 1, 0]);
    expect(enc.inverseTransform(codes)).toEqual(['virginica', 'setosa', 'versicolor', 'setosa']);
    expect(enc.inverseTransform([1])).toEqual(['versicolor']);
    // Code-unit order, as NumPy: capitals first.
    expect(new LabelEncoder().fit(['b', 'B', 'a']).classes).toEqual(['B', 'a', 'b']);
  });

  it('numbers sort numerically; tensors are accepted', () => {
    const enc = new LabelEncoder<number>().fit([10, 2, 1, 2]);
    expect(enc.classes).toEqual([1, 2, 10]);
    expect(enc.transform(tensor([10, 1], { dtype: 'int32' })).toArray()).toEqual([2, 0]);
  });

  it('errors', () => {
    const enc = new LabelEncoder<string>();
    expect(() => enc.transform(['a'])).toThrow(
      'LabelEncoder.transform: the encoder is not fitted yet; call fit(labels)',
    );
    enc.fit(['a', 'b']);
    expect(() => enc.transform(['a', 'c'])).toThrow(
      'LabelEncoder.transform: unknown label "c" at position 1; known classes: "a", "b"',
    );
    expect(() => enc.inverseTransform([2])).toThrow(
      'LabelEncoder.inverseTransform: code 2 at position 0 is not a class index in [0, 1]',
    );
    expect(() => new LabelEncoder().fit(['a', 1])).toThrow('labels mix numbers and strings');
  });
});
