/**
 * The kernel interface every backend implements, and the choice of the active backend.
 *
 * `Kernels` is typed: adding a kernel to one of the family interfaces makes `tsc` fail until the
 * JS reference (`js/`) implements it. Ops never loop over data themselves; they call kernels, so
 * a faster backend can replace kernels one by one (`{ ...jsKernels, matmul: fastMatmul }`).
 *
 * Registered: 'js' (the reference, always) and 'wasm' (SIMD128 + worker threads) wherever
 * WebAssembly SIMD exists; 'wasm' is then the default. The environment variable `NEURITE_BACKEND`
 * picks another default (e.g. `NEURITE_BACKEND=js` to compare against the reference).
 */
import { ValueError } from '../errors.js';
import { warnOnce } from '../warnings.js';
import { jsKernels } from './js/index.js';
import type { ActivationKernels } from './kernels/activation.js';
import type { ConvKernels } from './kernels/conv.js';
import type { ElementwiseKernels } from './kernels/elementwise.js';
import type { LossKernels } from './kernels/loss.js';
import type { MatmulKernels } from './kernels/matmul.js';
import type { MovementKernels } from './kernels/movement.js';
import type { NormKernels } from './kernels/norm.js';
import type { OptimKernels } from './kernels/optim.js';
import type { PoolKernels } from './kernels/pool.js';
import type { RecurrentKernels } from './kernels/recurrent.js';
import type { ReduceKernels } from './kernels/reduce.js';
import { wasmBackend } from './wasm/index.js';

export { getNumThreads, setNumThreads } from './wasm/index.js';

/** Every kernel an op can call. */
export interface Kernels
  extends ElementwiseKernels,
    ActivationKernels,
    ReduceKernels,
    MovementKernels,
    MatmulKernels,
    ConvKernels,
    PoolKernels,
    NormKernels,
    RecurrentKernels,
    LossKernels,
    OptimKernels {}

/** A named set of kernels. */
export interface Backend {
  readonly name: string;
  readonly kernels: Kernels;
}

const js: Backend = { name: 'js', kernels: jsKernels };
const backends = new Map<string, Backend>([['js', js]]);
const wasm = wasmBackend();
if (wasm !== null) backends.set('wasm', wasm);
let active: Backend = defaultBackend();

/** 'wasm' where it runs, else 'js', unless `NEURITE_BACKEND` names another registered backend. */
function defaultBackend(): Backend {
  const env = (globalThis as { process?: { env?: Record<string, string> } }).process?.env?.NEURITE_BACKEND;
  if (env !== undefined && env !== '') {
    const chosen = backends.get(env);
    if (chosen !== undefined) return chosen;
    warnOnce('backend.env', `NEURITE_BACKEND='${env}' is not available here (${[...backends.keys()].join(', ')})`);
  }
  return wasm ?? js;
}

/** Make a backend available to `setBackend`. The JS reference ('js') is always registered. */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

/**
 * Select the backend that runs all kernels from now on: 'wasm' (the default where WebAssembly
 * SIMD exists) or 'js' (the plain-loop reference), or any registered one.
 * @example
 * import { setBackend } from 'neurite';
 * setBackend('js'); // the plain-loop reference backend
 */
export function setBackend(name: string): void {
  const b = backends.get(name);
  if (b === undefined) {
    throw new ValueError(`setBackend: unknown backend '${name}'; available: ${[...backends.keys()].join(', ')}`);
  }
  active = b;
}

/**
 * The name of the active backend.
 * @example getBackend() // 'wasm' (or 'js' where WebAssembly SIMD is missing)
 */
export function getBackend(): string {
  return active.name;
}

/** Names of all registered backends ('js' first). */
export function listBackends(): string[] {
  return [...backends.keys()];
}

/** The active backend's kernels (used by ops). */
export function kernels(): Kernels {
  return active.kernels;
}
