/**
 * The WASM backend's GEMM: the JS side of assembly/gemm.ts. It copies the operands into the
 * module's memory, describes the batch (which products sum into which output matrix) and the
 * fixed tiling in the job descriptor, runs the job on the pool and copies C out. Float32 products
 * too small to repay the copies run in `smallGemm` (JS with the same float32 arithmetic, so the
 * same bits); float64 and int32 operands go to the JS reference.
 */
import type { TypedArray } from '../../dtype.js';
import { jsMatmul, linearBackwardFrom } from '../js/matmul.js';
import { type GemmSpec, gemmOutLength, linearBackwardSpecs, type MatmulKernels } from '../kernels/matmul.js';
import { direct, directLinearBackward, finish, SINGLE, slotBytes } from './gemm-direct.js';
import { smallGemm } from './gemm-small.js';
import { align, DESC, OPERANDS, type WasmRuntime } from './module.js';
import type { Pool } from './pool.js';

/**
 * Float32 products with fewer multiply-adds (m·n·k over the batch) run in `smallGemm`: below this
 * the copies and calls cost more than SIMD saves (measured on the 2-core EPYC: 8×8·8×8 is even,
 * iris' 20×4·4×16 runs 2.5× faster in WASM, 1×1·1×1 5× faster in JS). Speed only: same bits either way.
 */
export const WASM_MIN_MACS = 512;
/**
 * Products with fewer multiply-adds stay on the calling thread, as one call with the fused bias,
 * ReLU and linear backward: waking a worker costs tens of µs to ~0.1 ms, the job path loses those
 * fusions, and each of two threads runs its tasks ~25 % slower than one alone. On the 2-core
 * machine 2 threads lost below 192³ (7M) and on W2's 64 × 784 × 256 (13M, two tasks), and gained
 * from 512³ (134M: 1.8×); 256³ (17M) was even or lost.
 */
export const PARALLEL_MIN_MACS = 1 << 25;

// Descriptor fields as int32 word indices (assembly/gemm.ts has the same list in bytes: ×4).
const D_NTASKS = 2;
const D_M = 3;
const D_N = 4;
const D_K = 5;
const D_RSA = 6;
const D_CSA = 7;
const D_RSB = 8;
const D_CSB = 9;
const D_A = 10;
const D_B = 11;
const D_C = 12;
const D_TERMS = 13;
const D_TILES_M = 14;
const D_TILES_N = 15;
const D_TILE_M = 16;
const D_TILE_N = 17;
const D_KC = 18;
const D_C_OFFS = 19;
const D_AB_OFFS = 20;
const D_SCRATCH = 22;
const D_SLOT = 23;
/** The job's kind (assembly/conv.ts D_KIND): 0 for a GEMM, else a convolution's (./conv.ts). */
export const D_KIND = 24;

/**
 * The batch grouped by output matrix: for each distinct C matrix g (at element cOffs[g]), the
 * `terms` products that sum into it, in ascending batch order (abOffs: their A and B offsets in pairs).
 */
export interface BatchPlan {
  groups: number;
  terms: number;
  cOffs: Int32Array;
  abOffs: Int32Array;
}

/**
 * Plan the batch of `spec` (see BatchPlan).
 * @example batchPlan(spec).groups // number of output matrices
 */
export function batchPlan(spec: GemmSpec): BatchPlan {
  const { shape, aStrides, bStrides, cStrides } = spec.batch;
  let count = 1;
  for (const d of shape) count *= d;
  const mn = spec.m * spec.n;
  const groups = mn === 0 ? 1 : gemmOutLength(spec) / mn;
  const terms = count / groups;
  const cOffs = new Int32Array(groups);
  const abOffs = new Int32Array(count * 2);
  const filled = new Int32Array(groups);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let ao = 0;
  let bo = 0;
  let co = 0;
  for (let t = 0; t < count; t++) {
    const g = mn === 0 ? 0 : co / mn;
    cOffs[g] = co;
    const slot = 2 * (g * terms + (filled[g] as number));
    filled[g] = (filled[g] as number) + 1;
    abOffs[slot] = ao;
    abOffs[slot + 1] = bo;
    // odometer increment of the batch index, moving the three matrix offsets with it
    for (let d = nd - 1; d >= 0; d--) {
      const size = shape[d] as number;
      idx[d] = (idx[d] as number) + 1;
      ao += aStrides[d] as number;
      bo += bStrides[d] as number;
      co += cStrides[d] as number;
      if ((idx[d] as number) < size) break;
      idx[d] = 0;
      ao -= (aStrides[d] as number) * size;
      bo -= (bStrides[d] as number) * size;
      co -= (cStrides[d] as number) * size;
    }
  }
  return { groups, terms, cOffs, abOffs };
}

/** Multiply-adds of the whole batched product. */
function macsOf(spec: GemmSpec): number {
  let count = 1;
  for (const d of spec.batch.shape) count *= d;
  return spec.m * spec.n * spec.k * count;
}

/** Size thresholds of `createGemm` (tests lower them to drive tiny products through WASM). */
export interface GemmThresholds {
  minMacs?: number;
  parallelMinMacs?: number;
}

/**
 * The `gemm` kernel of the WASM backend over runtime `rt` and its pool.
 * @example const gemm = createGemm(rt, new Pool(rt)); gemm(a, b, spec) // Float32Array, as jsMatmul.gemm
 */
export function createGemm(
  rt: WasmRuntime,
  pool: Pool,
  thresholds: GemmThresholds = {},
): (a: TypedArray, b: TypedArray, spec: GemmSpec) => TypedArray {
  return createMatmul(rt, pool, thresholds).gemm;
}

/**
 * The matmul kernels of the WASM backend: `gemm`, and `addmm`, whose bias is added in WASM
 * memory before C is copied out when the product runs there on the calling thread (every product
 * of a small model: no second pass over C in JavaScript, no second array).
 * @example createMatmul(rt, new Pool(rt)).addmm(bias, x, w, spec) // as jsMatmul.addmm
 */
export function createMatmul(
  rt: WasmRuntime,
  pool: Pool,
  { minMacs = WASM_MIN_MACS, parallelMinMacs = PARALLEL_MIN_MACS }: GemmThresholds = {},
): MatmulKernels {
  /** Where a float32 product runs: in JS (small), as one call on this thread, or as a job of tiles. */
  const route = (spec: GemmSpec): Route => {
    const { m, n, k } = spec;
    const single = spec.batch.shape.length === 0;
    const macs = single ? m * n * k : macsOf(spec);
    if (macs < minMacs || macs === 0) return { way: 'small', plan: single ? SINGLE : batchPlan(spec) };
    // one plain product on this thread (every product of a small model): one call, no descriptor
    if (single && macs < parallelMinMacs) return DIRECT;
    const plan = single ? SINGLE : batchPlan(spec);
    const tileM = taskRows(rt, m, n, plan.groups);
    const tasks = plan.groups * Math.ceil(m / tileM) * Math.ceil(n / rt.tiling.tileN);
    const threads = macs >= parallelMinMacs && tasks > 1 ? pool.threads() : 1;
    return single && threads === 1 ? DIRECT : { way: 'job', plan, tileM, threads };
  };
  const product = (a: TypedArray, b: TypedArray, spec: GemmSpec, bias: TypedArray | null, relu: boolean) => {
    if (!(a instanceof Float32Array) || !(b instanceof Float32Array)) {
      return bias === null ? jsMatmul.gemm(a, b, spec) : jsMatmul.addmm(bias, a, b, spec, relu);
    }
    const r = route(spec);
    if (r.way === 'direct') return direct(rt, a, b, spec, bias as Float32Array | null, relu);
    const c =
      r.way === 'small' ? smallGemm(a, b, spec, r.plan, rt) : job(rt, pool, a, b, spec, r.plan, r.tileM, r.threads);
    return finish(c, bias, spec.n, relu);
  };
  const gemm = (a: TypedArray, b: TypedArray, spec: GemmSpec) => product(a, b, spec, null, false);
  return {
    gemm,
    addmm: (bias, a, b, spec, relu = false) => product(a, b, spec, bias, relu),
    linearBackward(g, x, w, y, dims) {
      const specs = linearBackwardSpecs(dims);
      const fused =
        g instanceof Float32Array &&
        x instanceof Float32Array &&
        w instanceof Float32Array &&
        (y === null || y instanceof Float32Array) &&
        (!dims.dx || route(specs.dx).way === 'direct') &&
        (!dims.dw || route(specs.dw).way === 'direct');
      const grads = fused ? directLinearBackward(rt, g, x, w, y as Float32Array | null, dims, specs) : null;
      return grads ?? linearBackwardFrom(gemm, g, x, w, y, dims);
    },
  };
}

/** How `createMatmul` runs a float32 product (see its `route`). */
type Route =
  | { way: 'small'; plan: BatchPlan }
  | { way: 'direct' }
  | { way: 'job'; plan: BatchPlan; tileM: number; threads: number };
const DIRECT: Route = { way: 'direct' };

/** A job is cut into at least this many tasks where it can be, so that threads share it evenly. */
const MIN_TASKS = 8;
const MIN_TASK_ROWS = 64;

/**
 * Rows per task of a job: the build's tileM (each task packs its strip of B once, so taller is
 * cheaper), halved down to MIN_TASK_ROWS until the job has MIN_TASKS tasks. It depends on the
 * shape only, never on the thread count (and tile sizes do not change results anyway).
 */
function taskRows(rt: WasmRuntime, m: number, n: number, groups: number): number {
  const strips = groups * Math.ceil(n / rt.tiling.tileN);
  let rows = rt.tiling.tileM;
  while (rows > MIN_TASK_ROWS && strips * Math.ceil(m / rows) < MIN_TASKS) rows >>= 1;
  return rows;
}

/** Any product as a job of tiles (see assembly/gemm.ts), run by the pool on `threads` threads. */
function job(
  rt: WasmRuntime,
  pool: Pool,
  a: Float32Array,
  b: Float32Array,
  spec: GemmSpec,
  plan: BatchPlan,
  tileM: number,
  threads: number,
): Float32Array {
  const { m, n, k, transA, transB } = spec;
  const { tileN, kc } = rt.tiling;
  const tilesM = Math.ceil(m / tileM);
  const tilesN = Math.ceil(n / tileN);
  const ntasks = plan.groups * tilesM * tilesN;
  const outLength = plan.groups * m * n;

  // after the control words and the descriptor: A, B, C, the batch tables, one scratch per thread
  const aAt = OPERANDS;
  const bAt = aAt + align(a.length * 4);
  const cAt = bAt + align(b.length * 4);
  const cOffsAt = cAt + align(outLength * 4);
  const abOffsAt = cOffsAt + align(plan.cOffs.length * 4);
  const scratchAt = abOffsAt + align(plan.abOffs.length * 4);
  const slot = slotBytes(rt, k);
  if (!rt.reserve(scratchAt + threads * slot)) return smallGemm(a, b, spec, plan, rt);
  const { base, f32, i32 } = rt;
  f32.set(a, (base + aAt) >> 2);
  f32.set(b, (base + bAt) >> 2);
  i32.set(plan.cOffs, (base + cOffsAt) >> 2);
  i32.set(plan.abOffs, (base + abOffsAt) >> 2);

  const d = (base + DESC) >> 2;
  i32[d + D_KIND] = 0;
  i32[d + D_NTASKS] = ntasks;
  i32[d + D_M] = m;
  i32[d + D_N] = n;
  i32[d + D_K] = k;
  i32[d + D_RSA] = transA ? 1 : k;
  i32[d + D_CSA] = transA ? m : 1;
  i32[d + D_RSB] = transB ? 1 : n;
  i32[d + D_CSB] = transB ? k : 1;
  i32[d + D_A] = base + aAt;
  i32[d + D_B] = base + bAt;
  i32[d + D_C] = base + cAt;
  i32[d + D_TERMS] = plan.terms;
  i32[d + D_TILES_M] = tilesM;
  i32[d + D_TILES_N] = tilesN;
  i32[d + D_TILE_M] = tileM;
  i32[d + D_TILE_N] = tileN;
  i32[d + D_KC] = kc;
  i32[d + D_C_OFFS] = base + cOffsAt;
  i32[d + D_AB_OFFS] = base + abOffsAt;
  i32[d + D_SCRATCH] = base + scratchAt;
  i32[d + D_SLOT] = slot;
  const c0 = (base + cAt) >> 2;
  if (threads === 1 || outLength < PREFAULT_MIN) {
    pool.run(ntasks, threads);
    return rt.f32.slice(c0, c0 + outLength);
  }
  // A large result's fresh pages cost a fault each on first write (about half of copying it out):
  // touch them while the helpers run tasks, so that this serial part of the call shrinks.
  const out = new Float32Array(outLength);
  pool.run(ntasks, threads, () => {
    for (let i = 0; i < outLength; i += 1024) out[i] = 0;
  });
  out.set(rt.f32.subarray(c0, c0 + outLength));
  return out;
}

/** Results from this many elements (1 MiB) get their pages touched during a threaded job. */
export const PREFAULT_MIN = 1 << 18;
