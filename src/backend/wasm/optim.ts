/**
 * The WASM backend's optimizer kernels: the JS side of assembly/optim.ts. Adam's moments live in
 * the backend's state arena (arena.ts) when they come from `stateZeros`: a step copies the
 * parameter and its gradient in, updates all three in WASM memory (four lanes at a time, float32)
 * and copies the parameter out. Moments elsewhere (made by another backend) are copied in and
 * out too. Float64 parameters use the JS reference (which computes the same float32 bits for
 * float32 ones).
 */
import type { FloatArray } from '../../dtype.js';
import { jsOptim } from '../js/optim.js';
import type { AdamScalars, OptimKernels } from '../kernels/optim.js';
import type { StateArena } from './arena.js';
import type { KernelExports, WasmRuntime } from './module.js';

/**
 * Float32 parameters with at least this many values update in WASM: all of them. The JS
 * reference rounds every operation with Math.fround, about 25 calls per value that V8's
 * interpreter and baseline code make as calls, so until V8 optimizes the loop a bias of 16
 * values costs ~10 µs there against ~1 µs for the WASM call and copies (a short run, such as
 * `neurite train iris`, is mostly such code). Optimized, JS would win by ~0.3 µs per bias; it
 * was 32 for that. `npm run bench:ab -- --what cli` with 32 and with 1 (15 cold runs per tree, two
 * passes): 160 → 125 and 121 → 115 ms.
 */
export const WASM_MIN_OPTIM = 1;

/**
 * Optimizer kernels over `rt`'s memory and the state `arena` (null: none, every step copies its
 * moments), falling back to the JS reference where WASM cannot help.
 * @example createOptim(runtime, createArena(runtime)).adamStep(param, grad, m, v, scalars)
 */
export function createOptim(rt: WasmRuntime, arena: StateArena | null): OptimKernels {
  return {
    adamStep(param: FloatArray, grad: FloatArray, m: FloatArray, v: FloatArray, s: AdamScalars): void {
      const n = param.length;
      const bytes = n * 4;
      if (!(param instanceof Float32Array) || n < WASM_MIN_OPTIM) {
        jsOptim.adamStep(param, grad, m, v, s);
        return;
      }
      const home = arena?.holds(m) && arena.holds(v) ? arena : null; // where the moments live, if in the arena
      const at = home !== null ? home.operands([bytes, bytes]) : rt.operands([bytes, bytes, bytes, bytes]);
      if (at === null) {
        jsOptim.adamStep(param, grad, m, v, s);
        return;
      }
      const { f32, exports } = home ?? rt;
      const pAt = at[0] as number;
      const gAt = at[1] as number;
      // resident moments are updated where they are; others go through the call's operands
      const resident = home !== null;
      const mAt = resident ? m.byteOffset : (at[2] as number);
      const vAt = resident ? v.byteOffset : (at[3] as number);
      f32.set(param, pAt >> 2);
      f32.set(grad, gAt >> 2);
      if (!resident) {
        f32.set(m, mAt >> 2);
        f32.set(v, vAt >> 2);
      }
      runAdam(exports, pAt, gAt, mAt, vAt, n, s);
      param.set(f32.subarray(pAt >> 2, (pAt >> 2) + n));
      if (!resident) {
        m.set(f32.subarray(mAt >> 2, (mAt >> 2) + n));
        v.set(f32.subarray(vAt >> 2, (vAt >> 2) + n));
      }
    },
    stateZeros(like: FloatArray): FloatArray {
      const resident = like instanceof Float32Array && like.length >= WASM_MIN_OPTIM ? arena?.zeros(like.length) : null;
      return resident ?? jsOptim.stateZeros(like);
    },
  };
}

/** The module's adamStep over operands in its memory, the scalars in AdamScalars' order (rounded to float32 by the call). */
function runAdam(ex: KernelExports, p: number, g: number, m: number, v: number, n: number, s: AdamScalars): void {
  // biome-ignore format: the scalars in AdamScalars' order
  ex.adamStep(p, g, m, v, n, s.beta1, s.oneMinusBeta1, s.beta2, s.oneMinusBeta2, s.stepSize, s.bias2Sqrt, s.eps,
    s.gradScale, s.l2, s.decay);
}
