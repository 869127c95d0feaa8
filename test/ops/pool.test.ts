/**
 * Pooling ops: checkOp (float32 vs float64, a naive reference, gradcheck, backends) over awkward
 * geometries; PyTorch's argmax and padding rules on hand-made inputs; errors (the output-size
 * formula: pool-geometry.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  avgPool1d,
  avgPool2d,
  DTypeError,
  maxPool1d,
  maxPool2d,
  ones,
  poolOutputSize,
  Rng,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '../../src/index.js';
import { checkOp } from '../helpers/check-op.js';

interface Window {
  k: [number, number];
  s: [number, number];
  p: [number, number];
  d: [number, number];
  ceil: boolean;
}

/**
 * Pooling by the definition: for every output, visit the window's kH·kW taps one by one and skip
 * those outside the image. `countIncludePad`: avg divides by the taps inside the padded extent.
 */
function refPool(x: Tensor, mode: 'max' | 'avg' | 'sum', w: Window, countIncludePad = true) {
  const [inH, inW] = x.shape.slice(-2) as [number, number];
  const size = (i: 0 | 1, n: number) =>
    poolOutputSize(n, w.k[i], { stride: w.s[i], padding: w.p[i], dilation: w.d[i], ceilMode: w.ceil });
  const outH = size(0, inH);
  const outW = size(1, inW);
  const planes = x.numel() / (inH * inW);
  const values: number[] = [];
  for (let pl = 0; pl < planes; pl++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        let best = Number.NEGATIVE_INFINITY;
        let sum = 0;
        let inside = 0;
        let padded = 0;
        for (let i = 0; i < w.k[0]; i++) {
          for (let j = 0; j < w.k[1]; j++) {
            const h = oh * w.s[0] - w.p[0] + i * w.d[0];
            const c = ow * w.s[1] - w.p[1] + j * w.d[1];
            if (h < inH + w.p[0] && c < inW + w.p[1]) padded++;
            if (h < 0 || c < 0 || h >= inH || c >= inW) continue;
            const v = x.data[pl * inH * inW + h * inW + c] as number;
            best = Math.max(best, v);
            sum += v;
            inside++;
          }
        }
        if (mode === 'max') values.push(best);
        else if (mode === 'sum') values.push(sum);
        else values.push(inside === 0 ? 0 : sum / (countIncludePad ? padded : inside));
      }
    }
  }
  return { values, shape: [...x.shape.slice(0, -2), outH, outW] };
}

const win = (
  k: number | [number, number],
  s?: number | [number, number],
  p: number | [number, number] = 0,
  extra: Partial<Window> = {},
): Window => {
  const pair = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);
  return { k: pair(k), s: pair(s ?? k), p: pair(p), d: [1, 1], ceil: false, ...extra };
};

describe('maxPool2d / avgPool2d: checkOp', () => {
  const cases: Array<[string, Window, number[]]> = [
    ['2×2 (odd sizes truncate)', win(2), [2, 3, 5, 7]],
    ['3×3 stride 2 padding 1', win(3, 2, 1), [1, 2, 9, 9]],
    ['[2, 3] stride [1, 2] padding [1, 1]', win([2, 3], [1, 2], [1, 1]), [2, 1, 6, 7]],
    ['ceil mode, partial last window', win(2, 2, 0, { ceil: true }), [1, 2, 5, 5]],
    ['3×3 stride 2 padding 1 ceil mode', win(3, 2, 1, { ceil: true }), [1, 1, 6, 6]],
    ['unbatched [C, H, W], 1×1 kernel stride 2', win(1, 2), [3, 5, 4]],
    ['kernel as large as the image', win([4, 3], 1), [2, 2, 4, 3]],
  ];
  for (const [label, w, shape] of cases) {
    const mOpts = { dilation: w.d, ceilMode: w.ceil };
    it(`maxPool2d ${label}`, () =>
      checkOp(`maxPool2d ${label}`, (x) => maxPool2d(x, w.k, w.s, w.p, mOpts), {
        shapes: [[shape]],
        referenceTensor: (x) => refPool(x, 'max', w),
      }));
    for (const countIncludePad of [true, false]) {
      it(`avgPool2d ${label}, countIncludePad ${countIncludePad}`, () =>
        checkOp(`avgPool2d ${label}`, (x) => avgPool2d(x, w.k, w.s, w.p, { ceilMode: w.ceil, countIncludePad }), {
          shapes: [[shape]],
          referenceTensor: (x) => refPool(x, 'avg', w, countIncludePad),
        }));
    }
  }
  it('maxPool2d with dilation [2, 1] and overlapping windows', () => {
    const w = win([2, 3], [1, 2], [1, 1], { d: [2, 1] });
    checkOp('maxPool2d dilated', (x) => maxPool2d(x, w.k, w.s, w.p, { dilation: w.d }), {
      shapes: [[[2, 1, 6, 7]]],
      referenceTensor: (x) => refPool(x, 'max', w),
    });
  });
  it('avgPool2d with divisorOverride', () =>
    checkOp('avgPool2d divisorOverride', (x) => avgPool2d(x, 3, 2, 1, { divisorOverride: 4 }), {
      shapes: [[[1, 2, 5, 6]]],
      referenceTensor: (x) => {
        const r = refPool(x, 'sum', win(3, 2, 1));
        return { values: r.values.map((v) => v / 4), shape: r.shape };
      },
    }));
});

describe('1-d and adaptive pools: checkOp', () => {
  it('maxPool1d / avgPool1d over [N, C, L] and [C, L]', () => {
    for (const shape of [
      [2, 3, 11],
      [3, 7],
    ]) {
      const w = win([1, 3], [1, 2], [0, 1]);
      const as2d = (x: Tensor) => x.reshape([...x.shape.slice(0, -1), 1, x.shape.at(-1) as number]);
      const ref = (mode: 'max' | 'avg') => (x: Tensor) => {
        const r = refPool(as2d(x), mode, w);
        return { values: r.values, shape: [...x.shape.slice(0, -1), r.shape.at(-1) as number] };
      };
      checkOp('maxPool1d', (x) => maxPool1d(x, 3, 2, 1), { shapes: [[shape]], referenceTensor: ref('max') });
      checkOp('avgPool1d', (x) => avgPool1d(x, 3, 2, 1), { shapes: [[shape]], referenceTensor: ref('avg') });
    }
  });

  /** Adaptive windows by PyTorch's definition [⌊i·in/out⌋, ⌈(i+1)·in/out⌉). */
  function refAdaptive(x: Tensor, outH: number, outW: number) {
    const [inH, inW] = x.shape.slice(-2) as [number, number];
    const planes = x.numel() / (inH * inW);
    const values: number[] = [];
    for (let pl = 0; pl < planes; pl++) {
      for (let i = 0; i < outH; i++) {
        for (let j = 0; j < outW; j++) {
          const [h0, h1] = [Math.floor((i * inH) / outH), Math.ceil(((i + 1) * inH) / outH)];
          const [w0, w1] = [Math.floor((j * inW) / outW), Math.ceil(((j + 1) * inW) / outW)];
          let s = 0;
          for (let h = h0; h < h1; h++)
            for (let c = w0; c < w1; c++) s += x.data[pl * inH * inW + h * inW + c] as number;
          values.push(s / ((h1 - h0) * (w1 - w0)));
        }
      }
    }
    return { values, shape: [...x.shape.slice(0, -2), outH, outW] };
  }

  const adaptive: Array<[number | [number | null, number | null], number[], [number, number]]> = [
    [1, [2, 3, 5, 7], [1, 1]], // global average pooling
    [
      [3, 2],
      [2, 2, 7, 5],
      [3, 2],
    ], // overlapping, uneven windows
    [
      [4, null],
      [1, 3, 5, 6],
      [4, 6],
    ], // more outputs than... null keeps W
    [
      [5, 5],
      [3, 2, 3],
      [5, 5],
    ], // upsampling: windows of one pixel, repeated
  ];
  for (const [size, shape, [oh, ow]] of adaptive) {
    it(`adaptiveAvgPool2d ${JSON.stringify(size)} on ${JSON.stringify(shape)}`, () =>
      checkOp('adaptiveAvgPool2d', (x) => adaptiveAvgPool2d(x, size), {
        shapes: [[shape]],
        referenceTensor: (x) => refAdaptive(x, oh, ow),
      }));
  }
  it('adaptiveAvgPool1d', () =>
    checkOp('adaptiveAvgPool1d', (x) => adaptiveAvgPool1d(x, 3), {
      shapes: [[[2, 2, 7]]],
      referenceTensor: (x) => {
        const r = refAdaptive(x.reshape([2, 2, 1, 7]), 1, 3);
        return { values: r.values, shape: [2, 2, 3] };
      },
    }));
});

describe('pooling: PyTorch rules on hand-made inputs', () => {
  it('max pooling routes the gradient to the first max of a window on ties', () => {
    const x = tensor(
      [
        [
          [
            [1, 3, 3, 0],
            [3, 2, 0, 0],
          ],
        ],
      ],
      { requiresGrad: true },
    );
    const y = maxPool2d(x, 2);
    expect(y.toArray()).toEqual([[[[3, 3]]]]);
    y.sum().backward();
    expect((x.grad as Tensor).toArray()).toEqual([
      [
        [
          [0, 1, 1, 0],
          [0, 0, 0, 0],
        ],
      ],
    ]);
  });

  it('the 2×2 stride-2 fast path and the general walk both follow the first-max rule (ties, NaN, −∞)', () => {
    const rng = new Rng(9);
    const special = [Number.NaN, Number.NEGATIVE_INFINITY, 0, 1, 2];
    const values = Array.from({ length: 2 * 6 * 6 }, () => special[Math.floor(rng.uniform(0, 5))] as number);
    for (const [k, s] of [
      [2, 2],
      [3, 1],
    ] as const) {
      const x = tensor(values, { shape: [1, 2, 6, 6], requiresGrad: true });
      const y = maxPool2d(x, k, s);
      y.backward(ones(y.shape));
      // naive: scan each window row by row; a tap wins when it is > the best so far or NaN
      const out = (6 - k) / s + 1;
      const expected: number[] = [];
      const grad = new Array<number>(72).fill(0);
      for (let p = 0; p < 2; p++) {
        for (let oh = 0; oh < out; oh++) {
          for (let ow = 0; ow < out; ow++) {
            let best = Number.NEGATIVE_INFINITY;
            let arg = p * 36 + oh * s * 6 + ow * s;
            for (let i = 0; i < k; i++) {
              for (let j = 0; j < k; j++) {
                const at = p * 36 + (oh * s + i) * 6 + ow * s + j;
                const v = values[at] as number;
                if (v > best || Number.isNaN(v)) [best, arg] = [v, at];
              }
            }
            expected.push(best);
            grad[arg] = (grad[arg] as number) + 1;
          }
        }
      }
      expect(Array.from(y.data), `k ${k}`).toEqual(expected);
      expect(Array.from((x.grad as Tensor).data), `k ${k} grad`).toEqual(grad);
    }
  });

  it('overlapping max windows add their gradients at a shared argmax', () => {
    const x = tensor([[[1, 9, 2, 0]]], { requiresGrad: true });
    maxPool1d(x, 2, 1).sum().backward(); // windows [1, 9], [9, 2], [2, 0]
    expect((x.grad as Tensor).toArray()).toEqual([[[0, 2, 1, 0]]]);
  });

  it('padding never wins a max, and counts in the average only with countIncludePad', () => {
    const x = tensor([
      [
        [
          [-1, -2],
          [-3, -4],
        ],
      ],
    ]);
    expect(maxPool2d(x, 3, 1, 1).toArray()).toEqual([
      [
        [
          [-1, -1],
          [-1, -1],
        ],
      ],
    ]);
    expect(avgPool2d(x, 3, 1, 1).toArray()).toEqual([
      [
        [
          [-10 / 9, -10 / 9],
          [-10 / 9, -10 / 9],
        ].map((r) => r.map(Math.fround)),
      ],
    ]);
    expect(avgPool2d(x, 3, 1, 1, { countIncludePad: false }).toArray()).toEqual([
      [
        [
          [-2.5, -2.5],
          [-2.5, -2.5],
        ],
      ],
    ]);
  });

  it('a NaN in a window is its max', () => {
    expect(maxPool1d(tensor([[[1, Number.NaN, 5, 2]]]), 2).toArray()).toEqual([[[Number.NaN, 5]]]);
  });

  it('keeps empty batches and the dtype', () => {
    expect(maxPool2d(zeros([0, 3, 4, 4]), 2).shape).toEqual([0, 3, 2, 2]);
    expect(avgPool2d(zeros([1, 1, 4, 4], { dtype: 'float64' }), 2).dtype).toBe('float64');
    expect(zeros([1, 2, 4, 4]).maxPool2d(2).shape).toEqual([1, 2, 2, 2]);
    expect(zeros([1, 2, 4, 4]).avgPool2d(2, 1).shape).toEqual([1, 2, 3, 3]);
    expect(zeros([1, 2, 4, 4]).adaptiveAvgPool2d(1).shape).toEqual([1, 2, 1, 1]);
  });
});

describe('pooling: errors', () => {
  it('names the op, the shape and the fix', () => {
    expect(() => maxPool2d(zeros([28, 28]), 2)).toThrow(
      'maxPool2d: input shape [28, 28] has 2 dims, expected [N, C, H, W] or [C, H, W]; add the missing axes, e.g. x.reshape([1, 1, 28, 28])',
    );
    expect(() => avgPool1d(zeros([1, 2, 3, 4, 5]), 2)).toThrow(ShapeError);
    expect(() => maxPool2d(zeros([1, 1, 1, 1]), 2)).toThrow(/too small for kernel 2×2/);
    expect(() => maxPool2d(zeros([1, 1, 4, 4], { dtype: 'int32' }), 2)).toThrow(DTypeError);
  });

  it('checks the hyperparameters as PyTorch', () => {
    const x = zeros([1, 1, 6, 6]);
    expect(() => maxPool2d(x, 3, 1, 2)).toThrow(
      'maxPool2d: padding [2, 2] must be at most half the kernel size [3, 3]',
    );
    expect(() => maxPool2d(x, 0)).toThrow(ValueError);
    expect(() => maxPool2d(x, 2, 0)).toThrow(ValueError);
    expect(() => maxPool2d(x, [2, 2, 2])).toThrow(ValueError);
    expect(() => maxPool2d(x, 2, 2, 0, { dilation: 0 })).toThrow(ValueError);
    expect(() => avgPool2d(x, 2, 2, 0, { divisorOverride: 0 })).toThrow(ValueError);
    expect(() => adaptiveAvgPool2d(x, 0)).toThrow(ValueError);
    expect(() => adaptiveAvgPool2d(x, [2, 2, 2] as unknown as [number, number])).toThrow(ValueError);
    expect(() => adaptiveAvgPool2d(zeros([1, 1, 0, 3]), 2)).toThrow(ShapeError);
  });
});
