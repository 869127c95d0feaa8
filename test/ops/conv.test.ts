/**
 * conv2d, conv1d, convTranspose2d: checkOp (float32 vs float64, a direct-loop reference written
 * from the definition, finite-difference gradients of input, weight and bias, every backend) over
 * awkward shapes and combinations of stride, padding, dilation and groups; dtypes, methods and the
 * errors that name the op, the shapes and the fix.
 */
import { describe, expect, it } from 'vitest';
import {
  type Conv1dOptions,
  type Conv2dOptions,
  type ConvTranspose2dOptions,
  conv1d,
  conv2d,
  conv2dRelu,
  conv2dReluMaxPool2d,
  convTranspose2d,
  DTypeError,
  type MaxPoolWindow,
  maxPool2d,
  ones,
  Rng,
  type Shape,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '../../src/index.js';
import { samePadding } from '../../src/ops/conv-geometry.js';
import { checkOp } from '../helpers/check-op.js';

/**
 * Random float32 x, w, b of these shapes: `fused` gives exactly the values and the gradients of
 * `composed` (the separate ops it stands for) for one random output gradient.
 */
function expectSameAsComposed(
  seed: number,
  shapes: number[][],
  fused: (x: Tensor, w: Tensor, b: Tensor) => Tensor,
  composed: (x: Tensor, w: Tensor, b: Tensor) => Tensor,
): { fused: Tensor; inputs: Tensor[] } {
  const rng = new Rng(seed);
  const random = (shape: number[], requiresGrad: boolean) =>
    tensor(
      Float32Array.from({ length: shape.reduce((a, c) => a * c, 1) }, () => rng.normal()),
      {
        shape,
        requiresGrad,
      },
    );
  const [x, w, b] = shapes.map((shape) => random(shape, true)) as [Tensor, Tensor, Tensor];
  const out = fused(x, w, b);
  const outGrad = random(out.shape as number[], false);
  out.backward(outGrad);
  const grads = [x, w, b].map((t) => t.grad?.data);
  for (const t of [x, w, b]) t.grad = null;
  const plain = composed(x, w, b);
  plain.backward(outGrad);
  expect(out.shape).toEqual(plain.shape);
  expect(out.data).toEqual(plain.data);
  expect(grads).toEqual([x, w, b].map((t) => t.grad?.data));
  return { fused: out, inputs: [x, w, b] };
}

type Pair = [number, number];
const pair = (v: number | Pair | undefined, d: number): Pair =>
  v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : v;

/** The convolution written from its definition: one sum per output element, zeros outside the image. */
function directConv(x: Tensor, w: Tensor, b: Tensor | undefined, o: Conv2dOptions) {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [Co, Cg, kH, kW] = w.shape as [number, number, number, number];
  const groups = o.groups ?? 1;
  const [sh, sw] = pair(o.stride, 1);
  const [dh, dw] = pair(o.dilation, 1);
  let pads: [Pair, Pair];
  if (o.padding === 'same') pads = [samePadding(kH, dh), samePadding(kW, dw)];
  else if (o.padding === 'valid')
    pads = [
      [0, 0],
      [0, 0],
    ];
  else {
    const [ph, pw] = pair(o.padding, 0);
    pads = [
      [ph, ph],
      [pw, pw],
    ];
  }
  const oH = Math.floor((H + pads[0][0] + pads[0][1] - dh * (kH - 1) - 1) / sh) + 1;
  const oW = Math.floor((W + pads[1][0] + pads[1][1] - dw * (kW - 1) - 1) / sw) + 1;
  const values: number[] = [];
  const X = (n: number, c: number, i: number, j: number) =>
    i < 0 || i >= H || j < 0 || j >= W ? 0 : (x.data[((n * C + c) * H + i) * W + j] as number);
  for (let n = 0; n < N; n++)
    for (let co = 0; co < Co; co++) {
      const g = Math.floor(co / (Co / groups));
      for (let i = 0; i < oH; i++)
        for (let j = 0; j < oW; j++) {
          let s = b === undefined ? 0 : (b.data[co] as number);
          for (let c = 0; c < Cg; c++)
            for (let p = 0; p < kH; p++)
              for (let q = 0; q < kW; q++) {
                const wv = w.data[((co * Cg + c) * kH + p) * kW + q] as number;
                s += wv * X(n, g * Cg + c, i * sh - pads[0][0] + p * dh, j * sw - pads[1][0] + q * dw);
              }
          values.push(s);
        }
    }
  return { values, shape: [N, Co, oH, oW] as Shape };
}

/** The transposed convolution from its definition: every input pixel scatters x · W into the output. */
function directTranspose(x: Tensor, w: Tensor, b: Tensor | undefined, o: ConvTranspose2dOptions) {
  const [N, Ci, H, W] = x.shape as [number, number, number, number];
  const [, Cog, kH, kW] = w.shape as [number, number, number, number];
  const groups = o.groups ?? 1;
  const [sh, sw] = pair(o.stride, 1);
  const [dh, dw] = pair(o.dilation, 1);
  const [ph, pw] = pair(o.padding, 0);
  const [oph, opw] = pair(o.outputPadding, 0);
  const oH = (H - 1) * sh - 2 * ph + dh * (kH - 1) + oph + 1;
  const oW = (W - 1) * sw - 2 * pw + dw * (kW - 1) + opw + 1;
  const Co = Cog * groups;
  const out = new Float64Array(N * Co * oH * oW);
  for (let n = 0; n < N; n++)
    for (let ci = 0; ci < Ci; ci++) {
      const g = Math.floor(ci / (Ci / groups));
      for (let i = 0; i < H; i++)
        for (let j = 0; j < W; j++)
          for (let c = 0; c < Cog; c++)
            for (let p = 0; p < kH; p++)
              for (let q = 0; q < kW; q++) {
                const y = i * sh - ph + p * dh;
                const z = j * sw - pw + q * dw;
                if (y < 0 || y >= oH || z < 0 || z >= oW) continue;
                const xv = x.data[((n * Ci + ci) * H + i) * W + j] as number;
                const wv = w.data[((ci * Cog + c) * kH + p) * kW + q] as number;
                const at = ((n * Co + g * Cog + c) * oH + y) * oW + z;
                out[at] = (out[at] as number) + xv * wv;
              }
    }
  if (b !== undefined)
    for (let k = 0; k < out.length; k++)
      out[k] = (out[k] as number) + (b.data[Math.floor(k / (oH * oW)) % Co] as number);
  return { values: out, shape: [N, Co, oH, oW] as Shape };
}

const CONV2D: Array<[Shape, Shape, boolean, Conv2dOptions]> = [
  [[2, 3, 5, 4], [2, 3, 3, 2], true, {}],
  [[1, 2, 7, 6], [3, 2, 3, 3], true, { stride: 2, padding: 1 }],
  [[2, 2, 6, 7], [2, 2, 2, 3], true, { stride: [2, 1], padding: [1, 0], dilation: [2, 2] }],
  [[1, 2, 5, 6], [2, 2, 4, 3], true, { padding: 'same' }],
  [[1, 1, 6, 5], [2, 1, 2, 2], false, { padding: 'same', dilation: [3, 2] }],
  [[2, 4, 4, 5], [4, 2, 3, 3], true, { padding: 1, groups: 2 }],
  [[1, 3, 5, 5], [3, 1, 3, 3], false, { stride: 2, padding: [2, 1], groups: 3 }],
  [[1, 4, 7, 6], [2, 2, 3, 2], true, { stride: [3, 2], padding: 'valid', dilation: 2, groups: 2 }],
  [[1, 1, 1, 1], [1, 1, 1, 1], true, {}],
];

describe('conv2d', () => {
  CONV2D.forEach(([xs, ws, withBias, o], i) => {
    it(`case ${i} ${JSON.stringify(o)}: matches the definition; gradients of input, weight${withBias ? ', bias' : ''}`, () => {
      const shapes = withBias ? [xs, ws, [ws[0] as number]] : [xs, ws];
      checkOp(`conv2d ${i}`, (x, w, b) => conv2d(x as Tensor, w as Tensor, b, o), {
        shapes: [shapes],
        referenceTensor: (x, w, b) => directConv(x as Tensor, w as Tensor, b, o),
        seed: i + 1,
      });
    });
  });

  it('computes a known 3×3 sum, pads with zeros and is a Tensor method', () => {
    const x = ones([1, 1, 4, 4]);
    expect(conv2d(x, ones([1, 1, 3, 3])).toArray()).toEqual([
      [
        [
          [9, 9],
          [9, 9],
        ],
      ],
    ]);
    const same = x.conv2d(ones([1, 1, 3, 3]), tensor([1]), { padding: 'same' });
    expect(same.toArray()).toEqual([
      [
        [
          [5, 7, 7, 5],
          [7, 10, 10, 7],
          [7, 10, 10, 7],
          [5, 7, 7, 5],
        ],
      ],
    ]);
  });

  it('takes an empty batch, with gradients (zero for the weight)', () => {
    const x = zeros([0, 2, 5, 5], { requiresGrad: true });
    const w = ones([3, 2, 3, 3], { requiresGrad: true });
    const y = conv2d(x, w, ones([3]), { padding: 1 });
    expect(y.shape).toEqual([0, 3, 5, 5]);
    y.sum().backward();
    expect(x.grad?.shape).toEqual([0, 2, 5, 5]);
    expect(Array.from(w.grad?.data ?? [])).toEqual(new Array(54).fill(0));
  });

  it('promotes float32 and float64 to float64, and rejects integer inputs', () => {
    expect(conv2d(ones([1, 1, 3, 3]), ones([1, 1, 2, 2], { dtype: 'float64' })).dtype).toBe('float64');
    expect(() => conv2d(zeros([1, 1, 3, 3], { dtype: 'int32' }), ones([1, 1, 2, 2]))).toThrow(DTypeError);
  });

  it('names the op, the shapes and the fix in its errors', () => {
    const w = ones([8, 1, 5, 5]);
    expect(() => conv2d(zeros([64, 28, 28]), w)).toThrow(
      new ShapeError('conv2d: input shape [64, 28, 28] has 3 dims, expected [N, C, H, W]'),
    );
    expect(() => conv2d(zeros([2, 3, 28, 28]), w)).toThrow(
      /input shape \[2, 3, 28, 28\] has 3 channels, but weight \[8, 1, 5, 5\] with groups 1 expects 1/,
    );
    expect(() => conv2d(zeros([1, 1, 3, 3]), w)).toThrow(/padded to 3×3 is smaller than the kernel 5×5/);
    expect(() => conv2d(zeros([1, 1, 3, 3]), w, null, { dilation: 2, padding: 2 })).toThrow(
      /with dilation 2×2 \(reach 9×9\)/,
    );
    expect(() => conv2d(zeros([1, 1, 8, 8]), w, ones([4]))).toThrow(
      /bias shape \[4\] does not match weight \[8, 1, 5, 5\]: expected \[8\]/,
    );
    expect(() => conv2d(zeros([1, 1, 8, 8]), ones([8, 5, 5]))).toThrow(/weight shape \[8, 5, 5\] has 3 dims/);
    expect(() => conv2d(zeros([1, 1, 8, 8]), w, null, { stride: 2, padding: 'same' })).toThrow(ValueError);
    expect(() => conv2d(zeros([1, 1, 8, 8]), w, null, { stride: 0 })).toThrow(/stride must be an integer >= 1/);
    expect(() => conv2d(zeros([1, 1, 8, 8]), w, null, { padding: -1 })).toThrow(/padding must be an integer >= 0/);
    expect(() => conv2d(zeros([1, 4, 8, 8]), ones([6, 1, 3, 3]), null, { groups: 4 })).toThrow(
      /out channels 6 is not divisible by groups 4/,
    );
    expect(() => conv2d(zeros([1, 4, 8, 8]), ones([6, 2, 3, 3]), null, { groups: 1.5 })).toThrow(
      /groups must be a positive integer/,
    );
  });
});

describe('conv2dRelu (a conv2d and a ReLU as one op)', () => {
  CONV2D.slice(0, 4).forEach(([xs, ws, withBias, o], i) => {
    it(`case ${i} ${JSON.stringify(o)}: relu of the definition; gradients of input, weight${withBias ? ', bias' : ''}`, () => {
      const shapes = withBias ? [xs, ws, [ws[0] as number]] : [xs, ws];
      checkOp(`conv2dRelu ${i}`, (x, w, b) => conv2dRelu(x as Tensor, w as Tensor, b, o), {
        shapes: [shapes],
        referenceTensor: (x, w, b) => {
          const { values, shape } = directConv(x as Tensor, w as Tensor, b, o);
          return { values: values.map((v) => Math.max(0, v)), shape };
        },
        seed: i + 11,
      });
    });
  });

  it('gives exactly the values and gradients of relu(conv2d(…)) in float32, one tape node instead of two', () => {
    const options: Conv2dOptions = { padding: 'same' };
    const { fused, inputs } = expectSameAsComposed(
      5,
      [[5, 3, 13, 11], [7, 3, 3, 3], [7]],
      (x, w, b) => conv2dRelu(x, w, b, options),
      (x, w, b) => conv2d(x, w, b, options).relu(),
    );
    expect(fused.gradFn?.inputs).toEqual(inputs);
    expect(Math.min(...fused.data)).toBe(0);
  });
});

describe('conv2dReluMaxPool2d (conv2d, ReLU and max pooling as one op)', () => {
  const windows: Array<[string, MaxPoolWindow]> = [
    ['2×2 stride 2', { kernelSize: 2 }],
    ['3×3 stride 2, padding 1 (overlapping windows)', { kernelSize: 3, stride: 2, padding: 1 }],
    ['2×2 stride 2, ceil mode', { kernelSize: 2, ceilMode: true }],
  ];
  for (const [name, window] of windows) {
    it(`${name}: exactly the values and gradients of the three ops in turn, float32`, () => {
      const options: Conv2dOptions = { padding: 1 };
      const { kernelSize, stride, padding, ceilMode } = window;
      const { fused } = expectSameAsComposed(
        6,
        [[3, 2, 9, 11], [5, 2, 3, 3], [5]],
        (x, w, b) => conv2dReluMaxPool2d(x, w, b, options, window),
        (x, w, b) => maxPool2d(conv2d(x, w, b, options).relu(), kernelSize, stride, padding, { ceilMode }),
      );
      expect(fused.gradFn?.name).toBe('conv2dReluMaxPool2d');
    });
  }

  it('matches the definition, with gradients of input, weight and bias', () =>
    checkOp(
      'conv2dReluMaxPool2d',
      (x, w, b) => conv2dReluMaxPool2d(x as Tensor, w as Tensor, b, {}, { kernelSize: 2 }),
      {
        shapes: [[[2, 2, 7, 6], [3, 2, 2, 2], [3]]],
        referenceTensor: (x, w, b) => {
          const conv = directConv(x as Tensor, w as Tensor, b, {});
          const [n, c, h, wd] = conv.shape as [number, number, number, number];
          const [oh, ow] = [Math.floor(h / 2), Math.floor(wd / 2)];
          const values: number[] = [];
          for (let p = 0; p < n * c; p++)
            for (let i = 0; i < oh; i++)
              for (let j = 0; j < ow; j++) {
                const at = (di: number, dj: number) =>
                  conv.values[p * h * wd + (2 * i + di) * wd + 2 * j + dj] as number;
                values.push(Math.max(0, at(0, 0), at(0, 1), at(1, 0), at(1, 1)));
              }
          return { values, shape: [n, c, oh, ow] };
        },
        seed: 31,
      },
    ));
});

describe('conv1d', () => {
  const CASES: Array<[Shape, Shape, boolean, Conv1dOptions]> = [
    [[2, 3, 7], [2, 3, 3], true, {}],
    [[1, 2, 9], [3, 2, 4], true, { padding: 'same' }],
    [[2, 4, 8], [2, 2, 3], false, { stride: 3, padding: 2, dilation: 2, groups: 2 }],
    [[1, 2, 6], [2, 2, 2], true, { stride: 2, padding: 'valid' }],
  ];
  CASES.forEach(([xs, ws, withBias, o], i) => {
    it(`case ${i} ${JSON.stringify(o)}: matches the definition (a conv2d with H = 1); gradients`, () => {
      const shapes = withBias ? [xs, ws, [ws[0] as number]] : [xs, ws];
      const as2d: Conv2dOptions = {
        stride: [1, o.stride ?? 1],
        padding: typeof o.padding === 'number' ? [0, o.padding] : o.padding,
        dilation: [1, o.dilation ?? 1],
        groups: o.groups,
      };
      checkOp(`conv1d ${i}`, (x, w, b) => conv1d(x as Tensor, w as Tensor, b, o), {
        shapes: [shapes],
        referenceTensor: (x, w, b) => {
          const r = directConv(x.unsqueeze(2), w.unsqueeze(2), b, as2d);
          return { values: r.values, shape: [r.shape[0], r.shape[1], r.shape[3]] as Shape };
        },
        seed: 10 + i,
      });
    });
  });

  it('names conv1d and the [N, C, L] layout in its errors', () => {
    expect(() => conv1d(zeros([4, 10]), ones([2, 1, 3]))).toThrow(
      'conv1d: input shape [4, 10] has 2 dims, expected [N, C, L]',
    );
    expect(() => conv1d(zeros([1, 1, 2]), ones([2, 1, 3]))).toThrow(/padded to 2 is smaller than the kernel 3/);
    expect(() => conv1d(zeros([1, 1, 8]), ones([2, 1, 3]), null, { stride: 2, padding: 'same' })).toThrow(
      /padding='same' needs stride 1/,
    );
    expect(zeros([1, 1, 5]).conv1d(ones([2, 1, 3]), null, { padding: 'same' }).shape).toEqual([1, 2, 5]);
  });
});

const TRANSPOSED: Array<[Shape, Shape, boolean, ConvTranspose2dOptions]> = [
  [[2, 2, 3, 4], [2, 3, 3, 2], true, {}],
  [[1, 2, 3, 3], [2, 2, 4, 4], true, { stride: 2, padding: 1 }],
  [[1, 2, 2, 3], [2, 1, 3, 2], false, { stride: [3, 2], padding: [1, 0], outputPadding: [2, 1] }],
  [[2, 1, 3, 2], [1, 2, 2, 3], true, { dilation: [2, 3], padding: [1, 2], outputPadding: 1 }],
  [[1, 4, 3, 3], [4, 1, 3, 3], true, { stride: 2, padding: 1, outputPadding: 1, groups: 2 }],
  [[2, 3, 1, 1], [3, 2, 3, 3], true, {}],
];

describe('convTranspose2d', () => {
  TRANSPOSED.forEach(([xs, ws, withBias, o], i) => {
    it(`case ${i} ${JSON.stringify(o)}: matches the scatter definition; gradients`, () => {
      const outChannels = (ws[1] as number) * (o.groups ?? 1);
      const shapes = withBias ? [xs, ws, [outChannels]] : [xs, ws];
      checkOp(`convTranspose2d ${i}`, (x, w, b) => convTranspose2d(x as Tensor, w as Tensor, b, o), {
        shapes: [shapes],
        referenceTensor: (x, w, b) => directTranspose(x as Tensor, w as Tensor, b, o),
        seed: 20 + i,
      });
    });
  });

  it('is the input gradient of conv2d: ⟨conv2d(x, W), y⟩ = ⟨x, convTranspose2d(y, W)⟩', () => {
    const o = { stride: 2, padding: 1, dilation: 2 } as const;
    const x = tensor(
      Float64Array.from({ length: 2 * 3 * 7 * 8 }, (_, i) => Math.sin(i)),
      { shape: [2, 3, 7, 8] },
    );
    const w = tensor(
      Float64Array.from({ length: 4 * 3 * 3 * 3 }, (_, i) => Math.cos(i)),
      { shape: [4, 3, 3, 3] },
    );
    const y = conv2d(x, w, null, o);
    const r = tensor(
      Float64Array.from({ length: y.numel() }, (_, i) => Math.sin(3 * i + 1)),
      { shape: y.shape },
    );
    const back = convTranspose2d(r, w, null, { ...o, outputPadding: [0, 1] }); // 7 rows but 8 columns
    expect(back.shape).toEqual(x.shape);
    expect(y.mul(r).sum().item()).toBeCloseTo(x.mul(back).sum().item(), 10);
  });

  it('errors: channels, outputPadding, an empty output', () => {
    const w = ones([4, 2, 4, 4]);
    expect(() => convTranspose2d(zeros([1, 3, 5, 5]), w)).toThrow(
      /has 3 channels, but weight \[4, 2, 4, 4\] expects 4 \(weight.shape\[0\]\)/,
    );
    expect(() => convTranspose2d(zeros([1, 4, 5, 5]), w, null, { stride: 2, outputPadding: 2 })).toThrow(
      /outputPadding \[2, 2\] must be smaller than the stride \[2, 2\] or the dilation \[1, 1\]/,
    );
    expect(() => convTranspose2d(zeros([1, 4, 1, 1]), w, null, { padding: 2 })).toThrow(/gives output size 0×0/);
    expect(() => convTranspose2d(zeros([1, 4, 1, 1]), w, ones([4]))).toThrow(/expected \[2\]/);
    expect(zeros([1, 4, 5, 5]).convTranspose2d(w, ones([2]), { stride: 2, padding: 1 }).shape).toEqual([1, 2, 10, 10]);
  });
});
