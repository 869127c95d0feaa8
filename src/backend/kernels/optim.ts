/**
 * Optimizer kernels: the per-element arithmetic of an optimizer's update, in place over one
 * parameter. The optimizer (optim/) keeps the hyperparameters, the step count and the state
 * arrays; the kernel only runs the loop, so a fast backend can replace it (the update is a
 * streaming pass over every weight, each step: in a 200,000-weight MLP it cost as much as the
 * forward and backward products together in the JS loop).
 */
import type { FloatArray } from '../../dtype.js';

/**
 * The scalars of one Adam / AdamW step, already folded for the step t (the optimizer computes
 * them once per step):
 * ```
 * g ← gradScale·g + l2·θ               (gradScale −1 to maximize; l2 = Adam's weightDecay, else 0)
 * θ ← decay·θ                          (decay = 1 − lr·weightDecay for AdamW, else 1)
 * m ← beta1·m + oneMinusBeta1·g
 * v ← beta2·v + oneMinusBeta2·g·g
 * θ ← θ − stepSize·m / (√v / bias2Sqrt + eps)
 * ```
 * with stepSize = lr / (1 − beta1ᵗ) and bias2Sqrt = √(1 − beta2ᵗ).
 */
export interface AdamScalars {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  stepSize: number;
  bias2Sqrt: number;
  eps: number;
  gradScale: number;
  l2: number;
  decay: number;
}

export interface OptimKernels {
  /**
   * One Adam / AdamW step over one parameter, IN PLACE: `param`, `m` and `v` are updated, `grad`
   * is only read (see AdamScalars for the formula). All four arrays have the same length and
   * type. Float32 arrays are computed in float32 arithmetic, every operation rounded as written
   * (as PyTorch computes a float32 parameter's update); float64 arrays in float64.
   */
  adamStep(param: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, s: AdamScalars): void;
  /**
   * A zero-filled state array of the same type and length as `like` (a parameter), placed where
   * this backend's updates read and write it without copying (the WASM backend: in WebAssembly
   * memory; the reference: a plain array). Keep the array whole while it is used: a `subarray` of
   * it must not outlive it.
   */
  stateZeros(like: FloatArray): FloatArray;
}
