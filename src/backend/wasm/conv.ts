/**
 * The WASM backend's convolution products: the JS side of assembly/conv.ts. The operands (images,
 * weights, the output-side matrices) are copied into the module's memory; each task unfolds one
 * sample's columns into its own scratch, next to the GEMM that reads them, so the columns of the
 * whole batch never exist and never cross into or out of the memory. Forward and input-gradient
 * tasks are samples; weight-gradient tasks are chunks of samples, whose partial sums are added
 * here in chunk order. The split depends on the shapes only: results are bit-identical for any
 * thread count. Float64 operands go to the JS reference.
 */
import type { FloatArray, TypedArray } from '../../dtype.js';
import { jsConv } from '../js/conv.js';
import { jsPool } from '../js/pool.js';
import type { ConvGemm, ConvKernels } from '../kernels/conv.js';
import type { MaxPoolResult, WindowGeometry } from '../kernels/pool.js';
import { D_KIND, PREFAULT_MIN } from './gemm.js';
import { slotBytes } from './gemm-direct.js';
import { align, DESC, OPERANDS, type WasmRuntime } from './module.js';
import type { Pool } from './pool.js';
import { is2x2 } from './pooling.js';

/**
 * Samples per weight-gradient chunk: the tasks that threads share, at the cost of one partial sum
 * of the weight per chunk. Part of the arithmetic (the float32 sum over samples restarts per chunk).
 */
export const CONV_CHUNK = 8;

/** The job kinds of assembly/conv.ts. */
const FORWARD = 1;
const INPUT_GRAD = 2;
const WEIGHT_GRAD = 3;

// Descriptor fields as int32 word indices: the GEMM's that a conv job shares (gemm.ts), then the
// kind (D_KIND) and from byte 100 the fields of assembly/conv.ts's ConvJob, in their order.
const D_NTASKS = 2;
const D_TILE_M = 16;
const D_TILE_N = 17;
const D_KC = 18;
const D_SCRATCH = 22;
const D_SLOT = 23;
const D_CONV = 25;

/**
 * Convolution jobs with fewer multiply-adds stay on the calling thread. Lower than the GEMM's: a
 * convolution job has one task per sample (64 in a CNN batch), which two threads share evenly.
 */
export const CONV_PARALLEL_MIN_MACS = 1 << 23;

/** Size thresholds of `createConv` (tests lower them to drive small jobs onto the workers). */
export interface ConvThresholds {
  parallelMinMacs?: number;
}

/** One job: its kind, task count, operands (copied in), output length and GEMM depth. */
interface ConvJob {
  kind: number;
  spec: ConvGemm;
  tasks: number;
  a: Float32Array;
  b: Float32Array;
  bias: Float32Array | null;
  /** floats the job writes: the output, or the weight gradient's partial sums */
  outLength: number;
  /** floats of the result: the output, or the weight gradient */
  size: number;
  /** apply ReLU to the output in WASM memory (forward only) */
  relu: boolean;
  /** floats of the columns buffer per thread, and the depth of its GEMMs (for their scratch) */
  cols: number;
  depth: number;
  macs: number;
}

/** The job of `kind` over a, b (see assembly/conv.ts ConvJob) and the tiling's column tile. */
function jobOf(
  kind: number,
  spec: ConvGemm,
  tileN: number,
  a: TypedArray,
  b: TypedArray,
  bias: TypedArray | null,
  relu = false,
): ConvJob {
  const { geo, groups: g, rows: r } = spec;
  const k = (geo.channels / g) * geo.kernelH * geo.kernelW;
  const l = geo.outH * geo.outW;
  const n = geo.batch;
  const image = geo.channels * geo.height * geo.width;
  const chunks = Math.ceil(n / CONV_CHUNK);
  const common = { kind, spec, a: a as Float32Array, b: b as Float32Array, bias: bias as Float32Array | null, relu };
  const macs = n * g * r * k * l;
  if (kind === FORWARD)
    return { ...common, tasks: n, outLength: n * g * r * l, size: n * g * r * l, cols: k * l, depth: k, macs };
  if (kind === INPUT_GRAD)
    return { ...common, tasks: n, outLength: n * image, size: n * image, cols: k * l, depth: r, macs };
  // a weight-gradient task unfolds one column tile's rows at a time: at most tileN of K
  const cols = Math.min(k, tileN) * l;
  return { ...common, tasks: chunks * g, outLength: chunks * g * r * k, size: g * r * k, cols, depth: l, macs };
}

/**
 * The conv kernels of the WASM backend over runtime `rt` and its pool (the rest of ConvKernels is
 * the JS reference's).
 * @example const conv = createConv(rt, new Pool(rt)); conv.convForward(x, w, null, spec) // as jsConv.convForward
 */
export function createConv(
  rt: WasmRuntime,
  pool: Pool,
  { parallelMinMacs = CONV_PARALLEL_MIN_MACS }: ConvThresholds = {},
): Pick<ConvKernels, 'convForward' | 'convReluMaxPool' | 'convInputGrad' | 'convWeightGrad'> {
  const run = (kind: number, spec: ConvGemm, a: TypedArray, b: TypedArray, bias: TypedArray | null, relu = false) =>
    runJob(rt, pool, jobOf(kind, spec, rt.tiling.tileN, a, b, bias, relu), parallelMinMacs);
  const convForward: ConvKernels['convForward'] = (x, w, bias, spec, relu = false) =>
    f32(x, w, bias) ? run(FORWARD, spec, x, w, bias, relu) : jsConv.convForward(x, w, bias, spec, relu);
  return {
    convForward,
    // pooled in WASM memory in the CNN case (2×2 windows); else this backend's conv, then the pooling
    convReluMaxPool: (x, w, bias, spec, geo) => {
      const job = jobOf(FORWARD, spec, rt.tiling.tileN, x, w, bias, true);
      const fits = f32(x, w, bias) && job.tasks > 0 && is2x2(geo);
      const pooled = fits ? runPooled(rt, pool, job, geo, parallelMinMacs) : null;
      return pooled ?? jsPool.maxPool2d(convForward(x, w, bias, spec, true) as FloatArray, geo);
    },
    convInputGrad: (w, dy, spec) =>
      f32(w, dy, null) ? run(INPUT_GRAD, spec, dy, w, null) : jsConv.convInputGrad(w, dy, spec),
    convWeightGrad: (dy, x, spec) =>
      f32(dy, x, null) ? run(WEIGHT_GRAD, spec, dy, x, null) : jsConv.convWeightGrad(dy, x, spec),
  };
}

function f32(a: TypedArray, b: TypedArray, c: TypedArray | null): boolean {
  return a instanceof Float32Array && b instanceof Float32Array && (c === null || c instanceof Float32Array);
}

/** Where a launched job's output is (absolute byte offset), and a region of `extra` bytes after its scratch. */
interface Launched {
  outAt: number;
  extraAt: number;
}

/**
 * Lay the job out in memory (plus `extra` bytes for what follows it), copy its operands in and run
 * it on the pool; `during` runs on this thread while helpers run tasks. Null when the memory
 * cannot grow that far.
 */
function launch(
  rt: WasmRuntime,
  pool: Pool,
  job: ConvJob,
  parallelMinMacs: number,
  extra: number,
  during?: () => void,
): Launched | null {
  const { spec, kind } = job;
  const { tileM, tileN, kc } = rt.tiling;
  const colsBytes = align(job.cols * 4);
  const slot = colsBytes + slotBytes(rt, job.depth);
  const threads = job.macs >= parallelMinMacs && job.tasks > 1 ? pool.threads() : 1;
  const aAt = OPERANDS;
  const bAt = aAt + align(job.a.length * 4);
  const biasAt = bAt + align(job.b.length * 4);
  const outAt = biasAt + align((job.bias?.length ?? 0) * 4);
  const scratchAt = outAt + align(job.outLength * 4);
  const extraAt = scratchAt + threads * slot;
  if (!rt.reserve(extraAt + extra)) return null;
  const { base, f32, i32 } = rt;
  f32.set(job.a, (base + aAt) >> 2);
  f32.set(job.b, (base + bAt) >> 2);
  if (job.bias !== null) f32.set(job.bias, (base + biasAt) >> 2);

  const d = (base + DESC) >> 2;
  i32[d + D_NTASKS] = job.tasks;
  i32[d + D_TILE_M] = tileM;
  i32[d + D_TILE_N] = tileN;
  i32[d + D_KC] = kc;
  i32[d + D_SCRATCH] = base + scratchAt;
  i32[d + D_SLOT] = slot;
  i32[d + D_KIND] = kind;
  const g = spec.geo;
  // in the order of assembly/conv.ts's ConvJob
  const fields = [
    g.batch,
    g.channels,
    g.height,
    g.width,
    g.kernelH,
    g.kernelW,
    g.strideH,
    g.strideW,
    g.padTop,
    g.padLeft,
    g.dilationH,
    g.dilationW,
    g.outH,
    g.outW,
    spec.groups,
    spec.rows,
    base + aAt,
    base + bAt,
    base + outAt,
    job.bias === null ? 0 : base + biasAt,
    CONV_CHUNK,
    colsBytes,
  ];
  i32.set(fields, d + D_CONV);
  pool.run(job.tasks, threads, during);
  // the ReLU of a fused conv + ReLU, on the output where it is (before anything reads it)
  if (job.relu) rt.exports.relu(base + outAt, base + outAt, job.outLength);
  return { outAt: base + outAt, extraAt: base + extraAt };
}

/** Run the job and copy the result out (adding the weight gradient's partial sums). */
function runJob(rt: WasmRuntime, pool: Pool, job: ConvJob, parallelMinMacs: number): Float32Array {
  const { size } = job;
  const chunks = job.outLength / size;
  // an empty batch: an empty output, or a zero weight gradient
  if (job.tasks === 0 || size === 0) return new Float32Array(size);
  // as gemm.ts's jobs: with helpers, the result's fresh pages fault on first write, so allocate
  // and touch it while they run tasks
  let prefault = null as Float32Array | null;
  const touch = () => {
    if (size < PREFAULT_MIN) return;
    const fresh = new Float32Array(size);
    for (let i = 0; i < size; i += 1024) fresh[i] = 0;
    prefault = fresh;
  };
  const run = launch(rt, pool, job, parallelMinMacs, 0, touch);
  if (run === null) return fallback(job);
  const out0 = run.outAt >> 2;
  const out = prefault ?? rt.f32.slice(out0, out0 + size);
  if (prefault !== null) out.set(rt.f32.subarray(out0, out0 + size));
  // the partial sums of the weight gradient, added in chunk order
  const mem = rt.f32;
  for (let c = 1; c < chunks; c++) {
    const p = out0 + c * size;
    for (let i = 0; i < size; i++) out[i] = (out[i] as number) + (mem[p + i] as number);
  }
  return out;
}

/**
 * A forward job with ReLU, then 2×2 max pooling of its output in WASM memory: only the pooled
 * values and their indices are copied out. Null where the memory cannot grow (the caller composes).
 */
function runPooled(
  rt: WasmRuntime,
  pool: Pool,
  job: ConvJob,
  geo: WindowGeometry,
  parallelMinMacs: number,
): MaxPoolResult | null {
  const outs = geo.planes * geo.outH * geo.outW;
  const run = launch(rt, pool, job, parallelMinMacs, 2 * align(outs * 4));
  if (run === null) return null;
  const idxAt = run.extraAt + align(outs * 4);
  rt.exports.maxPool2x2(run.outAt, run.extraAt, idxAt, geo.planes, geo.inH, geo.inW, geo.outH, geo.outW);
  return {
    out: rt.f32.slice(run.extraAt >> 2, (run.extraAt >> 2) + outs),
    indices: rt.i32.slice(idxAt >> 2, (idxAt >> 2) + outs),
  };
}

/** Where the memory cannot grow for a job: the JS reference (other arithmetic, same values up to rounding). */
function fallback(job: ConvJob): Float32Array {
  const { a, b, bias, spec } = job;
  if (job.kind === FORWARD) return jsConv.convForward(a, b, bias, spec, job.relu) as Float32Array;
  if (job.kind === INPUT_GRAD) return jsConv.convInputGrad(b, a, spec) as Float32Array;
  return jsConv.convWeightGrad(a, b, spec) as Float32Array;
}
