/**
 * Fused loss kernels: where composing ops would be unstable (log of a softmax, log of 0) or would
 * need ops of other families (abs, max), a loss is one elementwise or per-sample kernel with its
 * own backward kernel. Contract:
 * - float inputs of one array type; outputs are new arrays of that type (gradients included);
 * - forward kernels return UNREDUCED losses; the ops apply 'mean' / 'sum' with ops;
 * - backward kernels take `grad` = dL/d(unreduced loss), same length as the forward output;
 * - sums run in float64.
 */
import type { FloatArray } from '../../dtype.js';

/** A classification input viewed as [outer, classes, inner] (PyTorch's [N, C, d1, …] with inner = d1·…). */
export interface ClassLayout {
  outer: number;
  classes: number;
  inner: number;
}

/** Options shared by the class-index losses; `weight` has `classes` entries (null: all 1). */
export interface ClassWeightOptions {
  weight: FloatArray | null;
  /** Target value whose samples contribute nothing (loss and gradient 0); null: none. */
  ignoreIndex: number | null;
}

/** crossEntropy options: also ε of label smoothing (0 = none). */
export interface CrossEntropyOptions extends ClassWeightOptions {
  labelSmoothing: number;
}

/** Gradients with respect to input and target. */
export interface InputTargetGrads {
  input: FloatArray;
  target: FloatArray;
}

export interface LossKernels {
  /** Position of the first element that is NaN or outside [lo, hi], or −1 (input validation). */
  findOutside(x: FloatArray, lo: number, hi: number): number;
  /**
   * Position of the first class index that is neither in [0, classes) nor `ignoreIndex`, or −1.
   */
  findInvalidClass(target: Int32Array, classes: number, ignoreIndex: number | null): number;
  /** Σ weight[target[s]] over the samples not ignored (their count when weight is null). */
  classWeightSum(target: Int32Array, options: ClassWeightOptions): number;

  /**
   * A loss's reduction in one kernel: Σ of the per-sample losses (in order, float64, rounded to the
   * losses' type), divided by `denominator[0]` for 'mean' — the values and roundings of `sum` then
   * `div`. Returns one value, of the losses' array type.
   */
  reduceLosses(losses: FloatArray, reduction: 'sum' | 'mean', denominator: FloatArray): FloatArray;
  /**
   * Its backward: the gradient of each of `n` per-sample losses, `g[0]` (or `g[0] / denominator[0]`
   * for 'mean', rounded to g's type) repeated — what `div` then `broadcastTo` give. Written into
   * `out` (n values of g's type) when given, else into a new array.
   */
  lossGrad(g: FloatArray, n: number, reduction: 'sum' | 'mean', denominator: FloatArray, out?: FloatArray): FloatArray;

  /** smoothL1(d) = 0.5·d²/β where |d| < β, else |d| − 0.5·β; β = 0 gives |d|. */
  smoothL1(d: FloatArray, beta: number): FloatArray;
  /** grad · (d/β where |d| < β, else sign(d)); sign(0) = 0. */
  smoothL1Backward(d: FloatArray, grad: FloatArray, beta: number): FloatArray;

  /** −(y·max(ln p, −100) + (1 − y)·max(ln(1 − p), −100)), elementwise over same-length p, y. */
  binaryCrossEntropy(p: FloatArray, y: FloatArray): FloatArray;
  /**
   * d/dp = grad·(p − y) / max(p(1 − p), 1e-12) (PyTorch's form: finite at p = 0 and 1);
   * d/dy = grad·(max(ln(1 − p), −100) − max(ln p, −100)).
   */
  binaryCrossEntropyBackward(p: FloatArray, y: FloatArray, grad: FloatArray): InputTargetGrads;

  /**
   * (1 − y)·x + l·softplus(−x) with l = 1 + (posWeight − 1)·y, softplus(−x) = max(−x, 0) + ln(1 + e^−|x|);
   * posWeight null means 1 (then it equals max(x, 0) − x·y + ln(1 + e^−|x|)).
   */
  binaryCrossEntropyWithLogits(x: FloatArray, y: FloatArray, posWeight: FloatArray | null): FloatArray;
  /** Gradients of the above for x, y and (when given) posWeight. */
  binaryCrossEntropyWithLogitsBackward(
    x: FloatArray,
    y: FloatArray,
    posWeight: FloatArray | null,
    grad: FloatArray,
  ): InputTargetGrads & { posWeight: FloatArray | null };

  /** t·(ln t − x) (0 where t = 0), or with logTarget eᵗ·(t − x). */
  klDiv(x: FloatArray, t: FloatArray, logTarget: boolean): FloatArray;
  /** d/dx = −grad·t (or −grad·eᵗ); d/dt = grad·(ln t + 1 − x) (t·ln t's part taken as 0 at t = 0) or grad·eᵗ·(t − x + 1). */
  klDivBackward(x: FloatArray, t: FloatArray, logTarget: boolean, grad: FloatArray): InputTargetGrads;

  /**
   * Fused log-softmax + NLL over the class dim, one loss per sample ([outer·inner] values).
   * Class-index targets (Int32Array): (1 − ε)·(−w_y·lp_y) + (ε/C)·(−Σ_c w_c·lp_c), 0 when ignored.
   * Probability targets (same layout as the logits): −Σ_c w_c·t′_c·lp_c with t′ = (1 − ε)·t + ε/C.
   * lp = logits − logSumExp(logits) with the max subtracted first, so it is finite for any finite logits.
   * With `logProbs` ([outer·inner·classes] float64), sample s's lp is also written to
   * logProbs[s·C + c] (not written for ignored samples), for `crossEntropyBackward`. The losses
   * go into `out` (outer·inner values of the logits' type) when given, else into a new array.
   */
  crossEntropy(
    logits: FloatArray,
    layout: ClassLayout,
    target: Int32Array | FloatArray,
    options: CrossEntropyOptions,
    logProbs?: Float64Array,
    out?: FloatArray,
  ): FloatArray;
  /**
   * d/dlogits per sample with softmax s: class targets (1 − ε)·w_y·(s − onehot_y) + (ε/C)·(W·s − w),
   * W = Σ_c w_c; probability targets (Σ_c w_c·t′_c)·s − w·t′. d/dtarget for probability targets:
   * −(1 − ε)·w·lp (null for class targets). `logProbs`: the forward's (see `crossEntropy`), so lp
   * is not computed again; without it, from the logits.
   */
  crossEntropyBackward(
    logits: FloatArray,
    layout: ClassLayout,
    target: Int32Array | FloatArray,
    options: CrossEntropyOptions,
    grad: FloatArray,
    logProbs?: Float64Array,
  ): { input: FloatArray; target: FloatArray | null };

  /** −w_y·x[n, y, i] per sample (0 when ignored) of log-probabilities x. */
  nllLoss(x: FloatArray, layout: ClassLayout, target: Int32Array, options: ClassWeightOptions): FloatArray;
  /** d/dx: −grad·w_y at the target class of each sample, 0 elsewhere; `like` gives the array type. */
  nllLossBackward(
    like: FloatArray,
    layout: ClassLayout,
    target: Int32Array,
    options: ClassWeightOptions,
    grad: FloatArray,
  ): FloatArray;

  /**
   * Per sample of x [outer, classes] (inner = 1): Σ_{i≠y} w_y·max(0, margin − x_y + x_i)^p / C,
   * the weight applied after the power as PyTorch's kernel does.
   */
  multiMarginLoss(x: FloatArray, layout: ClassLayout, target: Int32Array, options: MultiMarginOptions): FloatArray;
  multiMarginLossBackward(
    x: FloatArray,
    layout: ClassLayout,
    target: Int32Array,
    options: MultiMarginOptions,
    grad: FloatArray,
  ): FloatArray;
}

/** multiMarginLoss options. */
export interface MultiMarginOptions {
  p: 1 | 2;
  margin: number;
  weight: FloatArray | null;
}
