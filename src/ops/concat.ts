/**
 * Joining and splitting: `concat` and `stack` join tensors, `split` cuts one into pieces, `pad`
 * grows (or crops) the borders. Their gradients are slices and scatters of the output gradient.
 */

import { kernels } from '../backend/backend.js';
import type { PadMode } from '../backend/kernels/movement.js';
import { allocate, promoteTypes } from '../dtype.js';
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { normalizeAxis, numel, type Shape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { defineMultiOp, defineOp } from './define.js';
import { to } from './elementwise.js';
import { narrow, slice } from './indexing.js';
import { unsqueeze } from './movement.js';

export type { PadMode };

// ---- concat and stack -------------------------------------------------------------------------

const concatOp = defineOp<Tensor[], number>({
  name: 'concat',
  forward: (k, xs, axis) => {
    const first = xs[0] as Tensor; // concat() checked that there is one
    const size = xs.reduce((s, t) => s + (t.shape[axis] as number), 0);
    const data = k.concat(
      xs.map((t) => t.data),
      xs.map((t) => t.shape),
      axis,
    );
    return { data, shape: first.shape.map((d, i) => (i === axis ? size : d)) };
  },
  // Each input receives the slab of the gradient that its values went to.
  backward: (g, { inputs, params: axis }) => {
    let offset = 0;
    return inputs.map((t) => {
      const size = t.shape[axis] as number;
      offset += size;
      return slice(g, axis, offset - size, offset);
    });
  },
});

/**
 * Join tensors along an existing `axis` (torch.cat). Inputs are promoted to a common dtype
 * (bool < int32 < float32 < float64) and must agree in every dimension but `axis`.
 *
 * Shapes: [.., n₁, ..], [.., n₂, ..], … → [.., n₁ + n₂ + …, ..].
 * @throws ShapeError `concat: tensor 1 has shape [2, 4] but tensor 0 has [3, 3]: …`
 * @example concat([tensor([[1, 2]]), tensor([[3, 4]])]) // [[1, 2], [3, 4]]
 * @example concat([tensor([[1], [2]]), tensor([[3], [4]])], 1) // [[1, 3], [2, 4]]
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  const first = tensors[0];
  if (first === undefined) throw new ValueError('concat: expected a non-empty list of tensors, got []');
  tensors.forEach((t, i) => {
    if (t.ndim === 0) {
      throw new ShapeError(`concat: tensor ${i} is a scalar and cannot be concatenated; use stack() to join scalars`);
    }
  });
  const a = normalizeAxis(axis, first.ndim, 'concat');
  tensors.forEach((t, i) => {
    if (t.ndim !== first.ndim || t.shape.some((d, j) => j !== a && d !== first.shape[j])) {
      throw new ShapeError(
        `concat: tensor ${i} has shape ${fmtShape(t.shape)} but tensor 0 has ${fmtShape(first.shape)}: ` +
          `shapes must match in every dimension except axis ${a}`,
      );
    }
  });
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  return concatOp(
    tensors.map((t) => to(t, dtype)),
    a,
  );
}

/**
 * Join tensors of equal shape along a NEW dimension at `axis` (−ndim−1 … ndim).
 *
 * Shapes: k tensors [d₀, …] → [.., k, ..] with k at position `axis`.
 * @throws ShapeError when the shapes differ.
 * @example stack([tensor([1, 2]), tensor([3, 4])]) // [[1, 2], [3, 4]]
 * @example stack([tensor([1, 2]), tensor([3, 4])], 1) // [[1, 3], [2, 4]]
 */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  const first = tensors[0];
  if (first === undefined) throw new ValueError('stack: expected a non-empty list of tensors, got []');
  tensors.forEach((t, i) => {
    if (t.ndim !== first.ndim || t.shape.some((d, j) => d !== first.shape[j])) {
      throw new ShapeError(
        `stack: tensor ${i} has shape ${fmtShape(t.shape)} but tensor 0 has ${fmtShape(first.shape)}: stack needs equal shapes`,
      );
    }
  });
  const a = normalizeAxis(axis, first.ndim + 1, 'stack');
  return concat(
    tensors.map((t) => unsqueeze(t, a)),
    a,
  );
}

// ---- split ------------------------------------------------------------------------------------

/**
 * Cut `x` into consecutive pieces along `axis` (torch.split). A number is the size of each
 * piece (the last one may be smaller); a list gives every piece's size and must sum to the
 * axis' size. The pieces' gradients flow back into `x`.
 * @throws ShapeError when the sizes of a list do not sum to the axis' size.
 * @example split(arange(5), 2).map((t) => t.toArray()) // [[0, 1], [2, 3], [4]]
 * @example split(arange(5), [1, 4]).map((t) => t.shape) // [[1], [4]]
 */
export function split(x: Tensor, splitSizeOrSections: number | readonly number[], axis = 0): Tensor[] {
  if (x.ndim === 0) throw new ShapeError('split: input must have at least 1 dimension, got a scalar (shape [])');
  const a = normalizeAxis(axis, x.ndim, 'split');
  const n = x.shape[a] as number;
  let sizes: number[];
  if (typeof splitSizeOrSections === 'number') {
    const size = splitSizeOrSections;
    if (!Number.isInteger(size) || size <= 0) {
      throw new ValueError(`split: the split size must be a positive integer, got ${size}`);
    }
    // An empty axis still gives one (empty) piece, as in PyTorch.
    sizes = Array.from({ length: Math.max(1, Math.ceil(n / size)) }, (_, i) => Math.min(size, n - i * size));
  } else {
    sizes = [...splitSizeOrSections];
    if (sizes.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new ValueError(`split: sections must be non-negative integers, got [${sizes.join(', ')}]`);
    }
    const total = sizes.reduce((s, v) => s + v, 0);
    if (total !== n) {
      throw new ShapeError(
        `split: sections [${sizes.join(', ')}] sum to ${total}, but axis ${a} of input ${fmtShape(x.shape)} has size ${n}`,
      );
    }
  }
  let start = 0;
  return sizes.map((s) => {
    start += s;
    return narrow(x, a, start - s, s);
  });
}

// ---- unbind -----------------------------------------------------------------------------------

/**
 * The slices of x along an axis, as one op with as many outputs: its backward writes every
 * slice's gradient into one buffer (a stack), where one `slice` per piece would give each piece a
 * backward of its own that fills a whole zero tensor of x's shape.
 */
const unbindOp = defineMultiOp<[Tensor], number>({
  name: 'unbind',
  forward: (k, [x], axis) => {
    const shape = Object.freeze(x.shape.filter((_, i) => i !== axis)); // frozen: the outputs share it
    const outputs = Array.from({ length: x.shape[axis] as number }, (_, i) => ({
      data: k.slice(x.data, x.shape, axis, i, 1, 1),
      shape,
    }));
    return { outputs };
  },
  backward: (grads, { inputs: [x], params: axis }) => {
    const piece = x.shape.map((d, i) => (i === axis ? 1 : d));
    const size = numel(piece);
    const data = grads.map((g) => (g === null ? allocate(x.dtype, size) : g.data)); // zeros where none came
    return [
      new Tensor(
        kernels().concat(
          data,
          grads.map(() => piece),
          axis,
        ),
        x.shape,
      ),
    ];
  },
});

/**
 * The slices of `x` along `axis`, with that axis removed (torch.unbind): the inverse of `stack`.
 * Gradients of all slices flow back into `x` in one pass.
 *
 * Shapes: [.., n, ..] → n tensors [.., ..].
 * @throws ShapeError for a scalar input.
 * @example unbind(tensor([[1, 2], [3, 4]])).map((t) => t.toArray()) // [[1, 2], [3, 4]]
 * @example unbind(tensor([[1, 2], [3, 4]]), 1).map((t) => t.toArray()) // [[1, 3], [2, 4]]
 * @example const steps = unbind(sequences, 1); // [N, T, F] → T tensors [N, F]
 */
export function unbind(x: Tensor, axis = 0): Tensor[] {
  if (x.ndim === 0) throw new ShapeError('unbind: input must have at least 1 dimension, got a scalar (shape [])');
  return unbindOp([x], normalizeAxis(axis, x.ndim, 'unbind'));
}

// ---- pad --------------------------------------------------------------------------------------

interface PadParams {
  before: number[];
  outShape: Shape;
  mode: PadMode;
  value: number;
}

type PadOp<P> = (inputs: [Tensor], params: P) => Tensor;

const padOp: PadOp<PadParams> = defineOp<[Tensor], PadParams>({
  name: 'pad',
  forward: (k, [x], { before, outShape, mode, value }) => ({
    data: k.pad(x.data, x.shape, before, outShape, mode, value),
    shape: outShape,
  }),
  backward: (g, { inputs: [x], params }) => [padBackwardOp([g], { ...params, shape: x.shape })],
});

// Adds each gradient element into the input position that the forward read it from.
const padBackwardOp: PadOp<PadParams & { shape: Shape }> = defineOp<[Tensor], PadParams & { shape: Shape }>({
  name: 'padBackward',
  forward: (k, [g], { before, outShape, mode, shape }) => ({
    data: k.padBackward(g.data, outShape, shape, before, mode),
    shape,
  }),
  backward: (gg, { params }) => [padOp([gg], { ...params, value: 0 })],
});

const PAD_MODES: readonly PadMode[] = ['constant', 'reflect', 'replicate', 'circular'];

/**
 * Pad `x` as torch.nn.functional.pad: `pad` lists (before, after) pairs starting from the LAST
 * dimension, e.g. [left, right, top, bottom] for the last two. Negative amounts crop.
 * Modes: 'constant' fills with `value`; 'reflect' mirrors without repeating the edge
 * ([1, 2, 3] → 3, 2 | 1, 2, 3 | 2, 1), so each amount must be < the dimension's size;
 * 'replicate' repeats the edge; 'circular' wraps around (amounts ≤ the size). Unlike PyTorch,
 * every mode may pad any dimension, including the batch and channel ones.
 *
 * Shapes: dimension d grows by before_d + after_d.
 * @throws ValueError for an odd-length `pad`, more pairs than dimensions, or an unknown mode;
 *   ShapeError when a pad is too large for its mode or the result would have a negative size.
 * @example pad(tensor([1, 2, 3]), [1, 2]) // [0, 1, 2, 3, 0, 0]
 * @example pad(tensor([1, 2, 3]), [2, 1], 'reflect') // [3, 2, 1, 2, 3, 2]
 * @example images.pad([1, 1, 1, 1]) // one zero pixel around each [N, C, H, W] image
 */
export function pad(x: Tensor, pad: readonly number[], mode: PadMode = 'constant', value = 0): Tensor {
  if (!PAD_MODES.includes(mode)) {
    throw new ValueError(`pad: unknown mode '${mode}'; use one of ${PAD_MODES.map((m) => `'${m}'`).join(', ')}`);
  }
  if (mode !== 'constant' && value !== 0) {
    throw new ValueError(`pad: value ${value} is only used with mode 'constant', not '${mode}'`);
  }
  if (pad.length % 2 !== 0 || pad.some((p) => !Number.isInteger(p))) {
    throw new ValueError(
      `pad: pad must be integer (before, after) pairs, last dimension first; got [${pad.join(', ')}]`,
    );
  }
  if (pad.length / 2 > x.ndim) {
    throw new ValueError(
      `pad: [${pad.join(', ')}] pads ${pad.length / 2} dimensions but input ${fmtShape(x.shape)} has ${x.ndim}`,
    );
  }
  const before = x.shape.map(() => 0);
  const outShape = [...x.shape];
  for (let j = 0; j < pad.length / 2; j++) {
    const d = x.ndim - 1 - j;
    const [b, e, n] = [pad[2 * j] as number, pad[2 * j + 1] as number, x.shape[d] as number];
    const fail = (why: string) =>
      new ShapeError(`pad: padding (${b}, ${e}) of dimension ${d} of input ${fmtShape(x.shape)}: ${why}`);
    if (n + b + e < 0) throw fail(`the result would have size ${n + b + e}`);
    const most = Math.max(b, e);
    if (mode === 'reflect' && most > 0 && most >= n) throw fail(`reflect padding must be less than the size ${n}`);
    if (mode === 'circular' && most > n) throw fail(`circular padding must be at most the size ${n}`);
    if (mode === 'replicate' && most > 0 && n === 0) throw fail('cannot replicate the edge of an empty dimension');
    before[d] = b;
    outShape[d] = n + b + e;
  }
  if (pad.every((p) => p === 0)) return x;
  return padOp([x], { before, outShape, mode, value });
}

// ---- methods ----------------------------------------------------------------------------------

declare module '../tensor.js' {
  interface Tensor {
    /** See `split()`. */ split(splitSizeOrSections: number | readonly number[], axis?: number): Tensor[];
    /** See `pad()`. */ pad(pad: readonly number[], mode?: PadMode, value?: number): Tensor;
    /** See `unbind()`. */ unbind(axis?: number): Tensor[];
  }
}

Object.assign(Tensor.prototype, {
  split(this: Tensor, splitSizeOrSections: number | readonly number[], axis?: number) {
    return split(this, splitSizeOrSections, axis);
  },
  pad(this: Tensor, p: readonly number[], mode?: PadMode, value?: number) {
    return pad(this, p, mode, value);
  },
  unbind(this: Tensor, axis?: number) {
    return unbind(this, axis);
  },
});
