/**
 * Loading the WASM backend's module: feature probes, compiling the embedded binary
 * (`kernels.gen.ts`, built from `assembly/` by `scripts/build-wasm.mjs`) and the memory it runs in.
 *
 * Memory layout (byte offsets from `base`, the first byte after the module's own data):
 * - `CTL` (64 bytes): words the worker pool waits on (generation, failures);
 * - `DESC` (192 bytes): the descriptor of the current job, read by every thread;
 * - `SCRATCH`: one packing area of `SCRATCH_BYTES` per thread (slot 0 = the calling thread);
 * - after the slots: the operands of the current call, copied in and out per call.
 * The memory grows when a call needs more and is reused by the next call; users never see it.
 */
import { WASM_SHARED, WASM_UNSHARED } from './kernels.gen.js';

/** The functions the AssemblyScript module exports (`assembly/index.ts`). */
export interface KernelExports {
  heapBase(): number;
  openJob(desc: number, gen: number): void;
  closeJob(desc: number): void;
  runTasks(desc: number, gen: number, scratch: number): number;
}

/** What this JavaScript engine offers the backend. */
export interface WasmFeatures {
  /** WebAssembly SIMD128 validates: the backend can run at all. */
  simd: boolean;
  /** Shared WebAssembly memory can be created: worker threads can share the work. */
  sharedMemory: boolean;
}

// (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)): valid only with SIMD128.
const SIMD_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15];

/**
 * Probe the engine: SIMD by validating a tiny SIMD module, shared memory by creating one page.
 * @example probeFeatures() // { simd: true, sharedMemory: true } in Node 20
 */
export function probeFeatures(): WasmFeatures {
  if (typeof WebAssembly !== 'object') return { simd: false, sharedMemory: false };
  let simd = false;
  try {
    simd = WebAssembly.validate(new Uint8Array([...SIMD_PROBE, 253, 98, 11]));
  } catch {}
  let sharedMemory = false;
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    sharedMemory = typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer;
  } catch {}
  return { simd, sharedMemory };
}

/** Byte offsets from `WasmRuntime.base`. */
export const CTL = 0;
export const DESC = 64;
export const SCRATCH = 256;
/** Control words (Int32 indices relative to CTL): the job generation workers wait on, failures. */
export const CTL_GEN = 0;
export const CTL_FAILED = 1;
/** Byte offset, within the descriptor, of the count of finished tasks (assembly/gemm.ts: D_DONE). */
export const DESC_DONE = 84;

/**
 * GEMM blocking (see assembly/gemm.ts): a task is one TILE_M × TILE_N tile of one output matrix,
 * k is walked in blocks of KC. Fixed numbers, so the split never depends on the thread count.
 * Packed A holds TILE_M × KC values broadcast to 4 lanes (256 KiB: L2), packed B KC × TILE_N
 * (128 KiB), and each micro-kernel call streams 4 × KC (16 KiB) of A against 8 × KC of B (L1).
 */
export const TILE_M = 64;
export const TILE_N = 128;
export const KC = 256;
/** Scratch bytes per thread: packed A, packed B and one 4 × 8 edge tile. */
export const SLOT_BYTES = TILE_M * KC * 16 + KC * TILE_N * 4 + 128;

const PAGE = 65536;
/**
 * Maximum sizes tried for the memory, in pages: 4 GiB (all a wasm32 module can address), then
 * less where the engine cannot reserve that much address space (shared memories reserve their
 * maximum up front; 32-bit browsers have little).
 */
const MAX_PAGES = [65536, 16384, 4096];

function decode(b64: string): Uint8Array {
  const text = atob(b64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** A memory of 2 MiB to start, with the largest maximum the engine grants. */
function allocate(shared: boolean): { memory: WebAssembly.Memory; maxBytes: number } {
  for (const maximum of MAX_PAGES) {
    try {
      return { memory: new WebAssembly.Memory({ initial: 32, maximum, shared }), maxBytes: maximum * PAGE };
    } catch {}
  }
  throw new RangeError('WebAssembly.Memory: cannot reserve even 256 MiB');
}

/** The compiled module, its memory and typed views of it (renewed when the memory grows). */
export class WasmRuntime {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  /** Whether the memory is shared, so worker threads can run the module over it. */
  readonly shared: boolean;
  /** First byte the JS side manages (64-byte aligned). */
  readonly base: number;
  /** The most bytes the memory can grow to. */
  readonly maxBytes: number;
  private f32View: Float32Array;
  private i32View: Int32Array;

  constructor(shared: boolean) {
    this.shared = shared;
    this.module = new WebAssembly.Module(decode(shared ? WASM_SHARED : WASM_UNSHARED) as Uint8Array<ArrayBuffer>);
    ({ memory: this.memory, maxBytes: this.maxBytes } = allocate(shared));
    const instance = new WebAssembly.Instance(this.module, { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as KernelExports;
    this.base = this.exports.heapBase();
    this.f32View = new Float32Array(this.memory.buffer);
    this.i32View = new Int32Array(this.memory.buffer);
  }

  /**
   * Make sure `bytes` bytes from `base` exist, growing the memory if needed.
   * @returns false when the memory cannot grow that far (the caller falls back to JS).
   */
  reserve(bytes: number): boolean {
    const need = this.base + bytes;
    const have = this.memory.buffer.byteLength;
    if (need > have) {
      if (need > this.maxBytes) return false;
      try {
        // grow by at least half again, so a run of slightly larger calls does not grow every time
        const pages = Math.max(Math.ceil((need - have) / PAGE), Math.ceil(have / PAGE / 2));
        this.memory.grow(Math.min(pages, (this.maxBytes - have) / PAGE));
      } catch {
        return false;
      }
    }
    return true;
  }

  /** The memory as float32 (index = byte offset / 4). */
  get f32(): Float32Array {
    if (this.f32View.byteLength !== this.memory.buffer.byteLength) this.f32View = new Float32Array(this.memory.buffer);
    return this.f32View;
  }

  /** The memory as int32 (index = byte offset / 4); Atomics work on it when the memory is shared. */
  get i32(): Int32Array {
    if (this.i32View.byteLength !== this.memory.buffer.byteLength) this.i32View = new Int32Array(this.memory.buffer);
    return this.i32View;
  }
}

/**
 * Compile and instantiate the backend's module for this engine: the shared-memory build where
 * shared memory exists, else the unshared one. Returns null without SIMD (the JS reference then
 * stays the default). Compiling synchronously is allowed everywhere for a module this small
 * (browsers refuse synchronous compiles over 4 KiB on the main thread).
 * @example const rt = createRuntime(probeFeatures()); rt?.shared // true in Node
 */
export function createRuntime(features: WasmFeatures): WasmRuntime | null {
  if (!features.simd) return null;
  try {
    return new WasmRuntime(features.sharedMemory);
  } catch {
    return null;
  }
}
