import { describe, expect, it } from 'vitest';
import { DTypeError, defineMultiOp, defineOp, noGrad, type Tensor, tensor, toTensor, zeros } from '../../src/index.js';
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

describe('defineMultiOp', () => {
  /** [a, b] → a + b and a · b, counting the backward calls and the gradients they receive. */
  function sumAndProduct() {
    const calls: Array<Array<number[] | null>> = [];
    const op = defineMultiOp<[Tensor, Tensor]>({
      name: 'sumAndProduct',
      forward: (k, [a, b]) => ({
        outputs: [
          { data: k.add(a.data, a.shape, b.data, b.shape, a.shape), shape: a.shape },
          { data: k.mul(a.data, a.shape, b.data, b.shape, a.shape), shape: a.shape },
        ],
      }),
      backward: ([gs, gp], { inputs: [a, b] }) => {
        calls.push([gs, gp].map((g) => (g ? Array.from(g.data) : null)));
        const zero = zeros(a.shape);
        const [s, p] = [gs ?? zero, gp ?? zero];
        return [s.add(p.mul(b)), s.add(p.mul(a))];
      },
    });
    return { op, calls };
  }

  it('gives every output the one node, and runs its backward once with all gradients', () => {
    const { op, calls } = sumAndProduct();
    const a = tensor([2, 3], { requiresGrad: true });
    const b = tensor([5, 7], { requiresGrad: true });
    const [s, p] = op([a, b], undefined) as [Tensor, Tensor];
    expect(s.gradFn).toBe(p.gradFn);
    expect(s.gradFn?.name).toBe('sumAndProduct');
    // L = Σ (2s + p·s): both outputs reach the loss, s along two paths. s = [7, 10], p = [10, 21].
    s.mul(2).add(p.mul(s)).sum().backward();
    expect(calls).toEqual([
      [
        [2 + 10, 2 + 21], // dL/ds = 2 + p
        [7, 10], // dL/dp = s
      ],
    ]);
    // dL/da = dL/ds + dL/dp · b, with dL/ds = 2 + p and dL/dp = s
    expect(a.grad?.toArray()).toEqual([2 + 10 + 7 * 5, 2 + 21 + 10 * 7]);
    expect(b.grad?.toArray()).toEqual([2 + 10 + 7 * 2, 2 + 21 + 10 * 3]);
  });

  it('passes null for an output no gradient reached, and starts from any output', () => {
    const { op, calls } = sumAndProduct();
    const a = tensor([2, 3], { requiresGrad: true });
    const b = tensor([5, 7], { requiresGrad: true });
    const [, p] = op([a, b], undefined) as [Tensor, Tensor];
    p.backward(tensor([1, 1]));
    expect(calls).toEqual([[null, [1, 1]]]);
    expect(a.grad?.toArray()).toEqual([5, 7]);
  });

  it('records nothing when no input requires grad or the tape is off', () => {
    const { op } = sumAndProduct();
    const a = tensor([1], { requiresGrad: true });
    for (const outs of [op([tensor([1]), tensor([2])], undefined), noGrad(() => op([a, a], undefined))]) {
      expect(outs.map((t) => [t.requiresGrad, t.gradFn])).toEqual([
        [false, null],
        [false, null],
      ]);
    }
  });
});
