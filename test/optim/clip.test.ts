/**
 * Gradient clipping against PyTorch's clip_grad_norm_ / clip_grad_value_ (test/fixtures/optim.json).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { clipGradNorm, clipGradValue, resetWarnings, setWarningHandler, tensor, ValueError } from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';
import { fixture, loss, makeParams } from './trajectory.js';

const TOL = { rtol: 1e-4, floor: 1e-3 };

describe('PyTorch parity', () => {
  for (const c of fixture.clip) {
    const name =
      c.kind === 'norm' ? `clipGradNorm(maxNorm ${c.max}, normType ${c.normType})` : `clipGradValue(${c.max})`;
    it(name, () => {
      const [w1, w2] = makeParams();
      loss(w1, w2).backward();
      if (c.kind === 'norm') {
        const total = clipGradNorm([w1, w2], c.max, c.normType);
        expectClose([total], [c.totalNorm as number], { ...TOL, label: 'total norm' });
      } else {
        clipGradValue([w1, w2], c.max);
      }
      const grads = [...Array.from(w1.grad!.data), ...Array.from(w2.grad!.data)];
      expectClose(grads, c.grads, { ...TOL, label: 'clipped gradients' });
    });
  }
});

describe('clipping', () => {
  afterEach(() => setWarningHandler(null));

  it('scales a gradient shared by two parameters once, not twice', () => {
    const a = tensor([1, 1], { requiresGrad: true });
    const b = tensor([2, 2], { requiresGrad: true });
    a.add(b)
      .mul(tensor([3, 4]))
      .sum()
      .backward(); // both gradients are [3, 4]
    const total = clipGradNorm([a, b], 1);
    expect(total).toBeCloseTo(Math.sqrt(50), 5);
    expectClose(a.grad!, [3 / Math.sqrt(50), 4 / Math.sqrt(50)], { rtol: 1e-5 });
    expectClose(b.grad!, [3 / Math.sqrt(50), 4 / Math.sqrt(50)], { rtol: 1e-5 });
  });

  it('leaves small gradients alone, ignores parameters without a gradient, and returns 0 for none', () => {
    const a = tensor([1, 1], { requiresGrad: true });
    const b = tensor([1], { requiresGrad: true });
    a.mul(tensor([0.3, 0.4]))
      .sum()
      .backward();
    expect(clipGradNorm([a, b], 1)).toBeCloseTo(0.5, 6);
    expectClose(a.grad!, [0.3, 0.4], { rtol: 1e-6 });
    expect(b.grad).toBeNull();
    expect(clipGradNorm([b], 1)).toBe(0);
    expect(clipGradNorm(a, 1, 'inf')).toBeCloseTo(0.4, 6);
  });

  it('a non-finite norm warns (or throws with errorIfNonfinite)', () => {
    resetWarnings();
    const messages: string[] = [];
    setWarningHandler((m) => messages.push(m));
    const a = tensor([1, 1], { requiresGrad: true });
    a.grad = tensor([Number.NaN, 1]);
    expect(Number.isNaN(clipGradNorm([a], 1))).toBe(true);
    expect(messages[0]).toContain('clipGradNorm: the total gradient norm is NaN');
    expect(() => clipGradNorm([a], 1, 2, { errorIfNonfinite: true })).toThrow(ValueError);
  });

  it('rejects bad arguments', () => {
    const a = tensor([1], { requiresGrad: true });
    expect(() => clipGradNorm([a], -1)).toThrow('clipGradNorm: maxNorm must be a number >= 0, got -1');
    expect(() => clipGradNorm([a], 1, 0)).toThrow("clipGradNorm: normType must be > 0 or 'inf', got 0");
    expect(() => clipGradValue([a], Number.NaN)).toThrow('clipGradValue: clipValue must be a number >= 0, got NaN');
  });
});
