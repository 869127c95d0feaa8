/**
 * Loading the WASM backend's module: feature probes, compiling the embedded binary
 * (`kernels.gen.ts`, built from `assembly/` by `scripts/build-wasm.mjs`) and the memory it runs in.
 *
 * Builds: plain SIMD128, and a fused one (relaxed SIMD's f32x4.relaxed_madd: one rounding per
 * multiply-add, about 1.5× the GEMM speed on x64 with FMA). The fused build is used where relaxed
 * SIMD validates and its multiply-add really fuses (probed once); its JS twin (`smallGemm`) then
 * fuses too, so results still do not depend on which of the two ran. Node 20 (V8 11.3) has relaxed
 * SIMD only behind a V8 flag, which the probe sets (see `enableRelaxedSimd`);
 * `NEURITE_RELAXED_SIMD=0` keeps the plain build everywhere (the same bits on every machine).
 *
 * Memory layout (byte offsets from `base`, the first byte after the module's own data):
 * - `CTL` (64 bytes): words the worker pool waits on (generation, failures);
 * - `DESC` (192 bytes): the descriptor of the current job, read by every thread;
 * - from `OPERANDS`: the operands of the current call (copied in and out per call), then one
 *   scratch area per thread (slot 0 = the calling thread), sized for the call.
 * The memory grows when a call needs more and is reused by the next call; users never see it.
 */
import { WASM_SHARED, WASM_SHARED_FUSED, WASM_UNSHARED, WASM_UNSHARED_FUSED } from './kernels.gen.js';

/** The functions the AssemblyScript module exports (`assembly/index.ts`). */
export interface KernelExports {
  heapBase(): number;
  scratchBytes(tileM: number, tileN: number, k: number, kc: number): number;
  gemm(
    a: number,
    b: number,
    c: number,
    m: number,
    n: number,
    k: number,
    rsA: number,
    csA: number,
    rsB: number,
    csB: number,
    tileM: number,
    tileN: number,
    kc: number,
    scratch: number,
  ): void;
  maddProbe(a: number, b: number, c: number): number;
  // biome-ignore format: the scalars in AdamScalars' order
  adamStep(p: number, g: number, m: number, v: number, n: number, beta1: number, oneMinusBeta1: number,
    beta2: number, oneMinusBeta2: number, stepSize: number, bias2Sqrt: number, eps: number, gradScale: number,
    l2: number, decay: number): void;
  addRowBias(c: number, bias: number, m: number, n: number): void;
  colSums(g: number, m: number, n: number, acc: number, out: number): void;
  // biome-ignore format: the operands in the order of assembly/recurrent.ts
  lstmCell(xg: number, hg: number, bias: number, c: number, gates: number, cOut: number, tanhC: number,
    hOut: number, n: number, h: number): void;
  // biome-ignore format: the operands in the order of assembly/recurrent.ts
  lstmSequence(xProj: number, steps: number, n: number, h: number, wHh: number, bias: number, h0: number, c0: number,
    hs: number, cs: number, gates: number, tanhC: number, hg: number, reverse: boolean, tileM: number, tileN: number,
    kc: number, scratch: number): void;
  // biome-ignore format: the operands in the order of assembly/recurrent.ts
  lstmSequenceBackward(gHs: number, steps: number, n: number, h: number, wHh: number, c0: number, cs: number,
    gates: number, tanhC: number, dPre: number, dh: number, dhIn: boolean, dc: number, dcIn: boolean, gh: number,
    reverse: boolean, needH0: boolean, tileM: number, tileN: number, kc: number, scratch: number): number;
  relu(x: number, out: number, n: number): void;
  reluGrad(y: number, g: number, out: number, n: number): void;
  maxPool2x2(
    x: number,
    out: number,
    idx: number,
    planes: number,
    inH: number,
    inW: number,
    outH: number,
    outW: number,
  ): void;
  maxPoolBackward(grad: number, idx: number, dx: number, planes: number, inPlane: number, outPlane: number): void;
  openJob(desc: number, gen: number): void;
  closeJob(desc: number): void;
  runTasks(desc: number, gen: number, slot: number): number;
}

/** What this JavaScript engine offers the backend. */
export interface WasmFeatures {
  /** WebAssembly SIMD128 validates: the backend can run at all. */
  simd: boolean;
  /** Shared WebAssembly memory can be created: worker threads can share the work. */
  sharedMemory: boolean;
  /** Relaxed SIMD validates and its f32x4.relaxed_madd fuses (FMA): the fused build can run. */
  fusedMadd: boolean;
}

// (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)): valid only with SIMD128.
const SIMD_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15];

/**
 * Probe the engine: SIMD by validating a tiny SIMD module, shared memory by creating one page,
 * a fused multiply-add with `probeFusedMadd`.
 * @example probeFeatures() // { simd: true, sharedMemory: true, fusedMadd: true } in Node 20 on x64 with FMA
 */
export function probeFeatures(): WasmFeatures {
  if (typeof WebAssembly !== 'object') return { simd: false, sharedMemory: false, fusedMadd: false };
  let simd = false;
  try {
    simd = WebAssembly.validate(new Uint8Array([...SIMD_PROBE, 253, 98, 11]));
  } catch {}
  let sharedMemory = false;
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    sharedMemory = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
  } catch {}
  return { simd, sharedMemory, fusedMadd: simd && probeFusedMadd() };
}

interface NodeProcess {
  versions?: { node?: string };
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}
const nodeProcess = (globalThis as { process?: NodeProcess }).process;

/**
 * Node 20 (V8 11.3) validates relaxed SIMD only with `--experimental-wasm-relaxed-simd`; V8 reads
 * the flag when it decodes a module, so setting it at run time (process-wide: worker threads see
 * it too) enables the modules compiled afterwards. It enables nothing else. Newer engines have
 * relaxed SIMD on by default, and outside Node this does nothing.
 */
function enableRelaxedSimd(): void {
  if (typeof nodeProcess?.versions?.node !== 'string' || typeof nodeProcess.getBuiltinModule !== 'function') return;
  const v8 = nodeProcess.getBuiltinModule('node:v8') as { setFlagsFromString?: (flags: string) => void } | undefined;
  v8?.setFlagsFromString?.('--experimental-wasm-relaxed-simd');
}

/**
 * Whether the fused build validates (enabling relaxed SIMD first where needed) and its multiply-add
 * fuses: (1 + 2⁻²³)(1 − 2⁻²³) − 1 is −2⁻⁴⁶ with one rounding and 0 with two. Relaxed SIMD lets an
 * engine do either; an engine that does not fuse gets the plain build (the same speed, and the
 * plain JS twin). False when `NEURITE_RELAXED_SIMD` is '0'.
 * @example probeFusedMadd() // true in Node 20 on x64 with FMA
 */
export function probeFusedMadd(): boolean {
  if (nodeProcess?.env?.NEURITE_RELAXED_SIMD === '0') return false;
  try {
    const bytes = decode(WASM_UNSHARED_FUSED);
    if (!WebAssembly.validate(bytes)) {
      enableRelaxedSimd();
      if (!WebAssembly.validate(bytes)) return false;
    }
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    const module = new WebAssembly.Module(bytes);
    const ex = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
    return ex.maddProbe(1 + 2 ** -23, 1 - 2 ** -23, -1) === -(2 ** -46);
  } catch {
    return false;
  }
}

/** Byte offsets from `WasmRuntime.base`. */
export const CTL = 0;
export const DESC = 64;
export const OPERANDS = 256;

/**
 * `bytes` rounded up to a multiple of 64: operands and scratch start on cache-line boundaries.
 * @example align(100) // 128
 */
export function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

/**
 * Lay out operands of the given sizes one after another from `start`, each 64-byte aligned: every
 * size in `sizes` is replaced by its operand's byte offset (in place: a call's operand list is a
 * fresh literal, and a small model makes several per step), and the end of the last is returned.
 * @example const at = [100, 8]; layOut(256, at) // 448, and at is [256, 384]
 */
export function layOut(start: number, sizes: number[]): number {
  let next = start;
  for (let i = 0; i < sizes.length; i++) {
    const bytes = sizes[i] as number;
    sizes[i] = next;
    next += align(bytes);
  }
  return next;
}
/** Control words (Int32 indices relative to CTL): the job generation workers wait on, failures. */
export const CTL_GEN = 0;
export const CTL_FAILED = 1;
/** Byte offset, within the descriptor, of the count of finished tasks (assembly/gemm.ts: D_DONE). */
export const DESC_DONE = 84;

/**
 * GEMM blocking (see assembly/gemm.ts): a task is one tileM × tileN tile of one output matrix, k
 * is walked in blocks of kc (per build, see `TILINGS`). Fixed numbers, so the split never depends
 * on the thread count. kc is part of the arithmetic (the float32 sums restart at every k-block, in
 * `smallGemm` too); the tile sizes are not.
 */
export interface Tiling {
  tileM: number;
  tileN: number;
  kc: number;
}
/**
 * A task packs its strip of B (k × tileN) once and reuses it for all its rows; taller tiles pack B
 * fewer times, but leave fewer tasks to share between threads. Widths are multiples of the
 * register tile's (plain 4×8, fused 3×12), see the measurements in docs/PERFORMANCE.md.
 */
export const TILINGS: { plain: Tiling; fused: Tiling } = {
  plain: { tileM: 256, tileN: 128, kc: 256 },
  fused: { tileM: 512, tileN: 132, kc: 512 },
};
/** The plain build's k-block (the default arithmetic of `smallGemm`). */
export const KC = TILINGS.plain.kc;

const PAGE = 65536;
/**
 * Maximum sizes tried for the memory, in pages: 4 GiB (all a wasm32 module can address), then
 * less where the engine cannot reserve that much address space (shared memories reserve their
 * maximum up front; 32-bit browsers have little).
 */
const MAX_PAGES = [65536, 16384, 4096];

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const text = atob(b64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * A memory of 2 MiB to start, with the largest maximum the engine grants.
 * @example allocateMemory(true).memory.buffer // a SharedArrayBuffer of 2 MiB
 */
export function allocateMemory(shared: boolean): { memory: WebAssembly.Memory; maxBytes: number } {
  for (const maximum of MAX_PAGES) {
    try {
      return { memory: new WebAssembly.Memory({ initial: 32, maximum, shared }), maxBytes: maximum * PAGE };
    } catch {}
  }
  throw new RangeError('WebAssembly.Memory: cannot reserve even 256 MiB');
}

/**
 * Grow `memory` (now `have` bytes) to at least `need` bytes, by at least half again so that a run
 * of slightly larger calls does not grow it every time, never past `maxBytes`.
 * @returns false when it cannot grow that far
 * @example growMemory(memory, 2 ** 21, 3 * 2 ** 20, 2 ** 32) // true: now 3 MiB or more
 */
export function growMemory(memory: WebAssembly.Memory, have: number, need: number, maxBytes: number): boolean {
  if (need > maxBytes) return false;
  try {
    const pages = Math.max(Math.ceil((need - have) / PAGE), Math.ceil(have / PAGE / 2));
    memory.grow(Math.min(pages, (maxBytes - have) / PAGE));
  } catch {
    return false;
  }
  return true;
}

/** The compiled module, its memory and typed views of it (renewed when the memory grows). */
export class WasmRuntime {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  /** Whether the memory is shared, so worker threads can run the module over it. */
  readonly shared: boolean;
  /** Whether this is the fused build (one rounding per multiply-add). */
  readonly fused: boolean;
  /** This build's task tiles. */
  readonly tiling: Tiling;
  /** First byte the JS side manages (64-byte aligned). */
  readonly base: number;
  /** The most bytes the memory can grow to. */
  readonly maxBytes: number;
  private f32View: Float32Array;
  private i32View: Int32Array;

  constructor(shared: boolean, fused = false) {
    this.shared = shared;
    this.fused = fused;
    const b64 = fused ? (shared ? WASM_SHARED_FUSED : WASM_UNSHARED_FUSED) : shared ? WASM_SHARED : WASM_UNSHARED;
    this.module = new WebAssembly.Module(decode(b64));
    ({ memory: this.memory, maxBytes: this.maxBytes } = allocateMemory(shared));
    const instance = new WebAssembly.Instance(this.module, { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as KernelExports;
    this.base = this.exports.heapBase();
    this.tiling = fused ? TILINGS.fused : TILINGS.plain;
    this.f32View = new Float32Array(this.memory.buffer);
    this.i32View = new Int32Array(this.memory.buffer);
  }

  /**
   * Make sure `bytes` bytes from `base` exist, growing the memory if needed.
   * @returns false when the memory cannot grow that far (the caller falls back to JS).
   */
  reserve(bytes: number): boolean {
    const need = this.base + bytes;
    // the views' length is the memory's: only this method grows it (workers never do), so no
    // call to the `buffer` getter (a slow engine call for shared memory) is needed on each product
    const have = this.f32View.byteLength;
    if (need <= have) return true;
    if (!growMemory(this.memory, have, need, this.maxBytes)) return false;
    this.f32View = new Float32Array(this.memory.buffer);
    this.i32View = new Int32Array(this.memory.buffer);
    return true;
  }

  /**
   * Lay out operands of the given sizes (bytes) one after another from OPERANDS, each 64-byte
   * aligned, growing the memory if needed.
   * @returns `sizes` itself, each size replaced by its operand's absolute byte offset, or null when
   *   the memory cannot grow that far (the caller falls back to JS).
   * @example rt.operands([x.length * 4, x.length * 4]) // [xAt, outAt]
   */
  operands(sizes: number[]): number[] | null {
    const end = layOut(this.base + OPERANDS, sizes);
    return this.reserve(end - this.base) ? sizes : null;
  }

  /** The memory as float32 (index = byte offset / 4). */
  get f32(): Float32Array {
    return this.f32View;
  }

  /** The memory as int32 (index = byte offset / 4); Atomics work on it when the memory is shared. */
  get i32(): Int32Array {
    return this.i32View;
  }
}

/**
 * Compile and instantiate the backend's module for this engine: the fused build where its
 * multiply-add fuses, else the plain one; with shared memory where it exists, else unshared. Returns null without SIMD (the JS reference then
 * stays the default). Compiling synchronously is allowed everywhere for a module this small
 * (browsers refuse synchronous compiles over 4 KiB on the main thread).
 * @example const rt = createRuntime(probeFeatures()); rt?.shared // true in Node
 */
export function createRuntime(features: WasmFeatures): WasmRuntime | null {
  if (!features.simd) return null;
  try {
    return new WasmRuntime(features.sharedMemory, features.fusedMadd);
  } catch {
    return null;
  }
}
