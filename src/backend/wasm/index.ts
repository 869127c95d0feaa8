/**
 * The WASM backend: AssemblyScript kernels with SIMD128 (assembly/), run over a scratch memory the
 * backend owns, with a worker pool for large products. It replaces the kernels that measured
 * faster than the JS reference (today: `gemm`, `addmm`, whose bias and ReLU are applied in WASM
 * memory, and `linearBackward`, which copies the output gradient in once for dx, dW and db; the
 * convolution products; 2×2 max pooling and the max-pool gradient; `adamStep`, `relu` and
 * `reluGrad`; the LSTM cell's forward pass, alone or over a whole sequence; `sum` over leading axes)
 * and uses the reference for everything else.
 */
import type { Backend } from '../backend.js';
import { jsKernels } from '../js/index.js';
import { createActivation } from './activation.js';
import { createArena } from './arena.js';
import { createConv } from './conv.js';
import { createMatmul } from './gemm.js';
import { createRuntime, probeFeatures, type WasmFeatures, type WasmRuntime } from './module.js';
import { createOptim } from './optim.js';
import { Pool } from './pool.js';
import { createPooling } from './pooling.js';
import { createRecurrent } from './recurrent.js';
import { createReduce } from './reduce.js';

export { getNumThreads, setNumThreads } from './pool.js';

/** The backend plus what tests and diagnostics look at. */
export interface WasmBackend extends Backend {
  readonly runtime: WasmRuntime;
  readonly pool: Pool;
}

/**
 * Build a WASM backend for the given engine features (default: probed), or null without SIMD.
 * @example createWasmBackend()?.name // 'wasm'
 */
export function createWasmBackend(features: WasmFeatures = probeFeatures()): WasmBackend | null {
  const runtime = createRuntime(features);
  if (runtime === null) return null;
  const pool = new Pool(runtime);
  const matmul = createMatmul(runtime, pool);
  return {
    name: 'wasm',
    kernels: {
      ...jsKernels,
      ...matmul,
      ...createOptim(runtime, createArena(runtime)),
      ...createActivation(runtime),
      ...createRecurrent(runtime, matmul.gemm),
      ...createConv(runtime, pool),
      ...createPooling(runtime),
      ...createReduce(runtime),
    },
    runtime,
    pool,
  };
}

let instance: WasmBackend | null | undefined;

/** The process-wide WASM backend (created on first use), or null where it cannot run. */
export function wasmBackend(): WasmBackend | null {
  if (instance === undefined) {
    instance = createWasmBackend();
    instance?.pool.makePrimary();
  }
  return instance;
}
