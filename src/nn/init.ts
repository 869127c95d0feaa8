/**
 * Weight initializers, as `torch.nn.init`, exported as the namespace `init` (`init.xavierUniform(w)`).
 * Each takes a tensor, which it fills in place and returns, or a shape, for which it returns a new
 * tensor (`dtype` option, default float32); random ones draw from `options.rng` or the global
 * seeded generator (`manualSeed`), in row-major order, so the same seed gives the same weights.
 *
 * Fans, as PyTorch: for a weight [out, in, k…], fanIn = in·∏k and fanOut = out·∏k.
 */
import { full } from '../creation.js';
import { type DType, isFloat } from '../dtype.js';
import { DTypeError, fmtShape, ValueError } from '../errors.js';
import { globalRng, type Rng } from '../random.js';
import type { Shape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { camelCase } from './naming.js';
import { orthogonalMatrix } from './orthogonal.js';

/** What an initializer fills: an existing tensor (in place) or a shape (a new tensor). */
export type InitTarget = Tensor | Shape;

/** Options every initializer takes. */
export interface InitOptions {
  /** Generator to draw from (default: the global one seeded by `manualSeed`). */
  rng?: Rng;
  /** dtype of the new tensor when a shape is given (default 'float32'). */
  dtype?: DType;
}

/** Which fan a He (Kaiming) initializer preserves: the forward pass's (fanIn) or the backward's. */
export type FanMode = 'fanIn' | 'fanOut';

/** Nonlinearities with a recommended gain (PyTorch's snake_case names are accepted too). */
export type Nonlinearity =
  | 'linear'
  | 'identity'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'convTranspose1d'
  | 'convTranspose2d'
  | 'convTranspose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leakyRelu'
  | 'selu';

function prepare(op: string, target: InitTarget, options: InitOptions): Tensor {
  if (target instanceof Tensor) {
    if (!isFloat(target.dtype)) {
      throw new DTypeError(`init.${op}: can only fill float tensors, got ${target.dtype}`);
    }
    return target;
  }
  return full(target, 0, { dtype: options.dtype ?? 'float32' });
}

function fill(t: Tensor, draw: () => number): Tensor {
  const data = t.data;
  for (let i = 0; i < data.length; i++) data[i] = draw();
  return t;
}

/**
 * fanIn and fanOut of a weight shape: [out, in, k…] → in·∏k and out·∏k.
 * @throws ValueError for fewer than 2 dimensions
 * @example init.fans([8, 4]) // { fanIn: 4, fanOut: 8 }
 */
export function fans(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new ValueError(
      `init: fan in and fan out cannot be computed for shape ${fmtShape(shape)}; it needs at least 2 dimensions`,
    );
  }
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: (shape[1] as number) * receptive, fanOut: (shape[0] as number) * receptive };
}

/**
 * The recommended gain for a nonlinearity, as `torch.nn.init.calculate_gain`: 1 for linear,
 * convolutions and sigmoid; 5/3 for tanh; √2 for relu; √(2 / (1 + slope²)) for leakyRelu (slope
 * `param`, default 0.01); 3/4 for selu.
 * @example init.calculateGain('relu') // 1.4142…
 * @example init.calculateGain('leakyRelu', 0.2) // √(2 / 1.04)
 */
export function calculateGain(nonlinearity: Nonlinearity | string, param?: number): number {
  const name = camelCase(nonlinearity);
  if (/^(linear|identity|sigmoid|conv[123]d|convTranspose[123]d)$/.test(name)) return 1;
  if (name === 'tanh') return 5 / 3;
  if (name === 'relu') return Math.SQRT2;
  if (name === 'selu') return 3 / 4;
  if (name === 'leakyRelu') {
    const slope = param ?? 0.01;
    if (!Number.isFinite(slope)) throw new ValueError(`init.calculateGain: negative slope ${slope} is not a number`);
    return Math.sqrt(2 / (1 + slope * slope));
  }
  throw new ValueError(
    `init.calculateGain: unsupported nonlinearity '${nonlinearity}'; use linear, sigmoid, tanh, relu, leakyRelu, ` +
      'selu or a convolution name',
  );
}

/** Fill with 0. @example init.zeros(linear.bias!) */
export function zeros(target: InitTarget, options: InitOptions = {}): Tensor {
  return fill(prepare('zeros', target, options), () => 0);
}

/** Fill with 1. @example init.ones(norm.weight) */
export function ones(target: InitTarget, options: InitOptions = {}): Tensor {
  return fill(prepare('ones', target, options), () => 1);
}

/** Fill with `value`. @example init.constant(linear.bias!, 0.1) */
export function constant(target: InitTarget, value: number, options: InitOptions = {}): Tensor {
  return fill(prepare('constant', target, options), () => value);
}

/**
 * Samples of U(low, high).
 * @example init.uniform([3, 3], { low: -0.1, high: 0.1, rng: new Rng(0) })
 */
export function uniform(target: InitTarget, options: InitOptions & { low?: number; high?: number } = {}): Tensor {
  const { low = 0, high = 1 } = options;
  if (!(low <= high)) throw new ValueError(`init.uniform: need low <= high, got low=${low}, high=${high}`);
  const rng = options.rng ?? globalRng;
  return fill(prepare('uniform', target, options), () => rng.uniform(low, high));
}

/**
 * Samples of N(mean, std²).
 * @example init.normal([3, 3], { std: 0.02 })
 */
export function normal(target: InitTarget, options: InitOptions & { mean?: number; std?: number } = {}): Tensor {
  const { mean = 0, std = 1 } = options;
  if (!(std >= 0)) throw new ValueError(`init.normal: std must be >= 0, got ${std}`);
  const rng = options.rng ?? globalRng;
  return fill(prepare('normal', target, options), () => rng.normal(mean, std));
}

function shapeOf(target: InitTarget): Shape {
  return target instanceof Tensor ? target.shape : target;
}

/**
 * Glorot / Xavier uniform (Glorot & Bengio, 2010): U(−a, a) with a = gain·√(6 / (fanIn + fanOut)).
 * @example init.xavierUniform(linear.weight, { gain: init.calculateGain('tanh') })
 */
export function xavierUniform(target: InitTarget, options: InitOptions & { gain?: number } = {}): Tensor {
  const { fanIn, fanOut } = fans(shapeOf(target));
  const a = (options.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(target, { ...options, low: -a, high: a });
}

/**
 * Glorot / Xavier normal: N(0, std²) with std = gain·√(2 / (fanIn + fanOut)).
 * @example init.xavierNormal([16, 8])
 */
export function xavierNormal(target: InitTarget, options: InitOptions & { gain?: number } = {}): Tensor {
  const { fanIn, fanOut } = fans(shapeOf(target));
  return normal(target, { ...options, mean: 0, std: (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)) });
}

/** Options of the He (Kaiming) initializers. */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of the leaky ReLU after this layer (default 0: a plain ReLU). */
  a?: number;
  /** 'fanIn' (default) keeps the forward activations' variance, 'fanOut' the gradients'. */
  mode?: FanMode;
  /** default 'leakyRelu' (with a = 0, gain √2), as PyTorch */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(
  op: string,
  target: InitTarget,
  { a = 0, mode = 'fanIn', nonlinearity = 'leakyRelu' }: KaimingOptions,
) {
  if (mode !== 'fanIn' && mode !== 'fanOut') {
    throw new ValueError(`init.${op}: mode must be 'fanIn' or 'fanOut', got '${mode}'`);
  }
  const fan = fans(shapeOf(target))[mode];
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

/**
 * He / Kaiming uniform (He et al., 2015): U(−b, b) with b = gain·√(3 / fan), gain =
 * calculateGain(nonlinearity, a). `Linear`'s default weight uses a = √5, which gives b = 1/√fanIn.
 * @example init.kaimingUniform(conv.weight, { nonlinearity: 'relu' })
 */
export function kaimingUniform(target: InitTarget, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd('kaimingUniform', target, options);
  return uniform(target, { ...options, low: -bound, high: bound });
}

/**
 * He / Kaiming normal: N(0, std²) with std = gain / √fan.
 * @example init.kaimingNormal([64, 32], { mode: 'fanOut', nonlinearity: 'relu' })
 */
export function kaimingNormal(target: InitTarget, options: KaimingOptions = {}): Tensor {
  return normal(target, { ...options, mean: 0, std: kaimingStd('kaimingNormal', target, options) });
}

/**
 * LeCun uniform (LeCun et al., 1998; the init SELU networks need): U(−b, b) with b = √(3 / fanIn).
 * @example init.lecunUniform([16, 8])
 */
export function lecunUniform(target: InitTarget, options: InitOptions = {}): Tensor {
  const bound = Math.sqrt(3 / fans(shapeOf(target)).fanIn);
  return uniform(target, { ...options, low: -bound, high: bound });
}

/**
 * LeCun normal: N(0, 1/fanIn) (not truncated).
 * @example init.lecunNormal([16, 8])
 */
export function lecunNormal(target: InitTarget, options: InitOptions = {}): Tensor {
  return normal(target, { ...options, mean: 0, std: Math.sqrt(1 / fans(shapeOf(target)).fanIn) });
}

/**
 * A (semi-)orthogonal matrix times `gain` (Saxe et al., 2014), as `torch.nn.init.orthogonal_`:
 * the tensor is viewed as [rows = shape[0], cols = the rest]; a matrix of N(0, 1) samples is
 * QR-factorized (Householder, in float64) and Q, with its columns' signs fixed so that R's diagonal
 * is positive, is used. Then W·Wᵀ = gain²·I when rows ≤ cols, else Wᵀ·W = gain²·I.
 * @example init.orthogonal([4, 4], { gain: 1 })
 */
export function orthogonal(target: InitTarget, options: InitOptions & { gain?: number } = {}): Tensor {
  const shape = shapeOf(target);
  if (shape.length < 2) {
    throw new ValueError(`init.orthogonal: needs a tensor of at least 2 dimensions, got shape ${fmtShape(shape)}`);
  }
  const t = prepare('orthogonal', target, options);
  const rows = shape[0] as number;
  const cols = rows === 0 ? 0 : t.numel() / rows;
  if (t.numel() === 0) return t;
  const q = orthogonalMatrix(rows, cols, options.rng ?? globalRng);
  const gain = options.gain ?? 1;
  for (let i = 0; i < q.length; i++) t.data[i] = gain * (q[i] as number);
  return t;
}
