/**
 * Feature scaling, as scikit-learn: `StandardScaler` (zero mean, unit variance) and `MinMaxScaler`
 * (into a range). Fit them on the training part only, then transform both parts with the same
 * statistics. Statistics are computed once in float64 (as sklearn's accumulators); transforms are
 * ops, so they run on the active backend, keep float64 inputs in float64 and carry gradients.
 * A constant column scales by 1 instead of 0, so it never produces NaN.
 */
import { tensor } from '../creation.js';
import { isFloat } from '../dtype.js';
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { add, div, mul, sub, to } from '../ops/index.js';
import type { Tensor } from '../tensor.js';

/** The interface both scalers share: fit on `[N, F]`, then map `[M, F]` to `[M, F]` and back. */
abstract class Scaler {
  /** Number of features (columns) seen by `fit`, or null before `fit`. */
  nFeatures: number | null = null;
  /** Number of rows seen by `fit`. */
  nSamplesSeen = 0;

  protected abstract readonly name: string;
  protected abstract computeStats(columns: Float64Array[], n: number): void;
  protected abstract forward(x: Tensor, stat: (v: Float64Array) => Tensor): Tensor;
  protected abstract backward(x: Tensor, stat: (v: Float64Array) => Tensor): Tensor;

  /**
   * Learn the per-column statistics of `x` `[N, F]` (N ≥ 1; finite values only). Returns `this`.
   * @throws ShapeError unless x is 2-D; ValueError for NaN or ±Infinity (naming row and column).
   */
  fit(x: Tensor): this {
    const [n, f] = this.check2d('fit', x);
    if (n < 1) throw new ValueError(`${this.name}.fit: x has no rows (shape ${fmtShape(x.shape)})`);
    const columns = Array.from({ length: f }, () => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < f; j++) {
        const v = x.data[i * f + j] as number;
        if (!Number.isFinite(v)) {
          throw new ValueError(`${this.name}.fit: x[${i}, ${j}] is ${v}; remove or fill missing values first`);
        }
        (columns[j] as Float64Array)[i] = v;
      }
    }
    this.computeStats(columns, n);
    this.nFeatures = f;
    this.nSamplesSeen = n;
    return this;
  }

  /**
   * Scale `x` `[M, F]` with the fitted statistics → `[M, F]` in x's float dtype (int → float32).
   * @throws ValueError before `fit`; ShapeError when x is not `[M, F]` with F as fitted.
   */
  transform(x: Tensor): Tensor {
    return this.forward(...this.prepare('transform', x));
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }

  /** Undo `transform`: map scaled values `[M, F]` back to the original units. */
  inverseTransform(x: Tensor): Tensor {
    return this.backward(...this.prepare('inverseTransform', x));
  }

  private prepare(method: string, x: Tensor): [Tensor, (v: Float64Array) => Tensor] {
    if (this.nFeatures === null) {
      throw new ValueError(`${this.name}.${method}: the scaler is not fitted yet; call fit(xTrain) first`);
    }
    const [, f] = this.check2d(method, x);
    if (f !== this.nFeatures) {
      throw new ShapeError(
        `${this.name}.${method}: x ${fmtShape(x.shape)} has ${f} features, but the scaler was fitted ` +
          `on ${this.nFeatures} (expected [M, ${this.nFeatures}])`,
      );
    }
    const xf = isFloat(x.dtype) ? x : to(x, 'float32');
    return [xf, (v) => tensor(v, { dtype: xf.dtype })];
  }

  private check2d(method: string, x: Tensor): [number, number] {
    if (x.ndim !== 2) {
      throw new ShapeError(
        `${this.name}.${method}: expected a 2-D tensor [samples, features], got ${fmtShape(x.shape)}` +
          (x.ndim === 1 ? '; reshape a single feature to [N, 1] (or one sample to [1, F])' : ''),
      );
    }
    return [x.shape[0] as number, x.shape[1] as number];
  }
}

/** sklearn's `_handle_zeros_in_scale`: scales that are (nearly) zero become 1. */
function safeScale(scale: number, constant: boolean): number {
  return constant || scale < 10 * Number.EPSILON ? 1 : scale;
}

function meanOf(col: Float64Array): number {
  let s = 0;
  for (const v of col) s += v;
  return s / col.length;
}

/** Options of `StandardScaler` (sklearn's names in camelCase). */
export interface StandardScalerOptions {
  /** Subtract the mean. Default true. */
  withMean?: boolean;
  /** Divide by the standard deviation. Default true. */
  withStd?: boolean;
}

/**
 * Standardize features: `z = (x − mean) / std` per column, with the population standard deviation
 * (divide by N, as scikit-learn; not N − 1). A constant column gets std 1, so it maps to 0.
 * @example
 * import { StandardScaler, loadIris, trainTestSplit } from 'neurite';
 * const { x, y } = loadIris();
 * const { xTrain, xTest } = trainTestSplit(x, y, { testSize: 50, stratify: true, seed: 1 });
 * const scaler = new StandardScaler();
 * const zTrain = scaler.fitTransform(xTrain); // [100, 4]: column means 0, stds 1
 * const zTest = scaler.transform(xTest);      // [50, 4]: scaled with the training statistics
 * scaler.inverseTransform(zTest);             // ≈ xTest
 */
export class StandardScaler extends Scaler {
  protected readonly name = 'StandardScaler';
  readonly withMean: boolean;
  readonly withStd: boolean;
  /** Per-column mean `[F]` (float64), after fit. */
  mean: Tensor | null = null;
  /** Per-column population variance `[F]` (float64), after fit. */
  var: Tensor | null = null;
  /** Per-column divisor `[F]` (float64): the std, or 1 for constant columns. */
  scale: Tensor | null = null;

  constructor({ withMean = true, withStd = true }: StandardScalerOptions = {}) {
    super();
    this.withMean = withMean;
    this.withStd = withStd;
  }

  protected computeStats(columns: Float64Array[], n: number): void {
    const mean = new Float64Array(columns.length);
    const variance = new Float64Array(columns.length);
    const scale = new Float64Array(columns.length);
    columns.forEach((col, j) => {
      const m = meanOf(col);
      // Two passes (mean, then squared deviations) are exact for constant columns and stable.
      let ss = 0;
      for (const v of col) ss += (v - m) * (v - m);
      const vj = ss / n;
      // sklearn's _is_constant_feature: variance within rounding error of zero.
      const constant = vj <= n * Number.EPSILON * vj + (n * m * Number.EPSILON) ** 2;
      mean[j] = m;
      variance[j] = vj;
      scale[j] = safeScale(Math.sqrt(vj), constant);
    });
    this.mean = tensor(mean);
    this.var = tensor(variance);
    this.scale = tensor(scale);
  }

  protected forward(x: Tensor, stat: (v: Float64Array) => Tensor): Tensor {
    let out = x;
    if (this.withMean) out = sub(out, stat(this.mean?.data as Float64Array));
    if (this.withStd) out = div(out, stat(this.scale?.data as Float64Array));
    return out;
  }

  protected backward(x: Tensor, stat: (v: Float64Array) => Tensor): Tensor {
    let out = x;
    if (this.withStd) out = mul(out, stat(this.scale?.data as Float64Array));
    if (this.withMean) out = add(out, stat(this.mean?.data as Float64Array));
    return out;
  }
}

/** Options of `MinMaxScaler`. */
export interface MinMaxScalerOptions {
  /** The target range `[lo, hi]` (lo < hi). Default `[0, 1]`. */
  featureRange?: readonly [number, number];
}

/**
 * Scale each column linearly so that its training minimum maps to `lo` and its maximum to `hi`:
 * `x' = x · s + m` with `s = (hi − lo) / (max − min)` and `m = lo − min · s` (sklearn's formula).
 * A constant column has range 1 and maps to `lo`. New data may fall outside `[lo, hi]`.
 * @example
 * import { MinMaxScaler, tensor } from 'neurite';
 * const s = new MinMaxScaler({ featureRange: [-1, 1] });
 * s.fitTransform(tensor([[0, 5], [10, 5], [5, 5]])).toArray(); // [[-1, -1], [1, -1], [0, -1]]
 */
export class MinMaxScaler extends Scaler {
  protected readonly name = 'MinMaxScaler';
  readonly featureRange: readonly [number, number];
  /** Per-column minimum `[F]` (float64), after fit. */
  dataMin: Tensor | null = null;
  /** Per-column maximum `[F]` (float64), after fit. */
  dataMax: Tensor | null = null;
  /** Per-column factor s `[F]` (float64). */
  scale: Tensor | null = null;
  /** Per-column offset m `[F]` (float64). */
  min: Tensor | null = null;

  constructor({ featureRange = [0, 1] }: MinMaxScalerOptions = {}) {
    super();
    const [lo, hi] = featureRange;
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
      throw new ValueError(`MinMaxScaler: featureRange must be [lo, hi] with lo < hi, got [${lo}, ${hi}]`);
    }
    this.featureRange = [lo, hi];
  }

  protected computeStats(columns: Float64Array[]): void {
    const [lo, hi] = this.featureRange;
    const f = columns.length;
    const [dMin, dMax, scale, min] = [0, 1, 2, 3].map(() => new Float64Array(f)) as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    columns.forEach((col, j) => {
      let a = Number.POSITIVE_INFINITY;
      let b = Number.NEGATIVE_INFINITY;
      for (const v of col) {
        if (v < a) a = v;
        if (v > b) b = v;
      }
      dMin[j] = a;
      dMax[j] = b;
      scale[j] = (hi - lo) / safeScale(b - a, false);
      min[j] = lo - a * (scale[j] as number);
    });
    this.dataMin = tensor(dMin);
    this.dataMax = tensor(dMax);
    this.scale = tensor(scale);
    this.min = tensor(min);
  }

  protected forward(x: Tensor, stat: (v: Float64Array) => Tensor): Tensor {
    return add(mul(x, stat(this.scale?.data as Float64Array)), stat(this.min?.data as Float64Array));
  }

  protected backward(x: Tensor, stat: (v: Float64Array) => Tensor): Tensor {
    return div(sub(x, stat(this.min?.data as Float64Array)), stat(this.scale?.data as Float64Array));
  }
}
