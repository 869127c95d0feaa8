import { describe, expect, it } from 'vitest';
import { DTypeError, defineOp, noGrad, type Tensor, tensor, toTensor } from '../../src/index.js';
import { expectFloat } from '../../src/ops/define.js';

describe('defineOp', () => {
  const square = defineOp<[Tensor]>({
    name: 'square',
    forward: (k, [x]) => ({ data: k.mul(x.data, x.shape, x.data, x.shape, x.shape), shape: x.shape }),
    backward: (g, { inputs: [x] }) => [g.mul(x).mul(2)],
  });

  it('records a node only when an input requires grad and the tape is on', () => {
    const x = tensor([3], { requiresGrad: true });
    const y = square([x], undefined);
    expect(y.gradFn?.name).toBe('square');
    y.sum().backward();
    expect(x.grad?.item()).toBe(6);
    expect(square([tensor([3])], undefined).gradFn).toBeNull();
    expect(noGrad(() => square([x], undefined)).requiresGrad).toBe(false);
  });

  it('toTensor gives scalars the dtype PyTorch gives Python numbers', () => {
    expect(toTensor(1, tensor([1], { dtype: 'float64' })).dtype).toBe('float64');
    expect(toTensor(1, tensor([1], { dtype: 'int32' })).dtype).toBe('int32');
    expect(toTensor(0.5, tensor([1], { dtype: 'int32' })).dtype).toBe('float32');
    expect(toTensor(2).dtype).toBe('float32');
  });

  it('expectFloat names the op and suggests a conversion', () => {
    expect(() => expectFloat('exp', tensor([1], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => expectFloat('exp', tensor([1], { dtype: 'int32' }))).toThrow(
      "exp: input must be float32 or float64, got int32. Convert it with .to('float32').",
    );
  });
});
