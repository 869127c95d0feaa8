/**
 * A home in WebAssembly memory for long-lived float32 arrays that the WASM kernels update in place:
 * an optimizer's state (Adam's two moments). Adam's step then copies only the parameter and its
 * gradient in and the parameter out, instead of also its moments in and out (W2's 200,000-weight
 * layer: 7 copies of 0.8 MB per step → 3).
 *
 * The arena is its own shared memory with its own instance of the backend's module, so it never
 * collides with the per-call operands of the main memory and its arrays stay valid when it grows
 * (a shared memory's views are never detached). Where memory cannot be shared (a browser page
 * without cross-origin isolation), there is no arena and state arrays are plain ones.
 *
 * Each array is a block of the memory, handed back when the array itself is garbage-collected
 * (FinalizationRegistry), and then reused. So a view made with `subarray` of an arena array must
 * not outlive it; the optimizers keep their state arrays whole for as long as they use them.
 */
import { align, allocateMemory, growMemory, type KernelExports, layOut, type WasmRuntime } from './module.js';

/** A free run of the arena's memory (absolute byte offsets). */
interface Block {
  at: number;
  bytes: number;
}

/** The arena: blocks for arrays, plus a scratch area above the highest block for each call's operands. */
export class StateArena {
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  private readonly maxBytes: number;
  private f32View: Float32Array;
  /** The memory's buffer objects so far (a grown shared memory hands out a new one; old views keep theirs). */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  /** Free blocks below `end`, sorted by offset, neighbours merged. */
  private readonly free: Block[] = [];
  /** End of the highest block handed out: the per-call operands start above it. */
  private end: number;
  private readonly registry = new FinalizationRegistry<Block>((block) => this.release(block));

  constructor(rt: WasmRuntime) {
    ({ memory: this.memory, maxBytes: this.maxBytes } = allocateMemory(true));
    const instance = new WebAssembly.Instance(rt.module, { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as KernelExports;
    this.end = align(this.exports.heapBase());
    this.f32View = new Float32Array(this.memory.buffer);
    this.buffers.add(this.memory.buffer);
  }

  /** The memory as float32 (index = byte offset / 4). */
  get f32(): Float32Array {
    return this.f32View;
  }

  /** The byte offset where the per-call operands start: the end of the highest live block. */
  get top(): number {
    return this.end;
  }

  /**
   * A zero-filled float32 array of length n living in the arena, or null when the memory cannot
   * grow that far.
   * @example arena.zeros(1000) // Float32Array(1000), all 0
   */
  zeros(n: number): Float32Array | null {
    const bytes = align(Math.max(n, 1) * 4);
    const block = this.take(bytes);
    if (block === null) return null;
    const array = new Float32Array(this.memory.buffer, block.at, n);
    this.buffers.add(array.buffer);
    array.fill(0); // a reused block holds an old array's values
    this.registry.register(array, block);
    return array;
  }

  /**
   * Whether `a` is a view of this arena's memory (an array from `zeros`).
   * @example arena.holds(arena.zeros(4)) // true
   */
  holds(a: ArrayBufferView): boolean {
    return this.buffers.has(a.buffer);
  }

  /**
   * Lay out one call's operands of the given sizes (bytes) above every block, growing the memory if
   * needed; valid until the next `zeros` or `operands`.
   * @returns `sizes` itself, each size replaced by its operand's absolute byte offset, or null when
   *   the memory cannot grow that far
   * @example arena.operands([n * 4, n * 4]) // [pAt, gAt]
   */
  operands(sizes: number[]): number[] | null {
    const end = layOut(this.end, sizes);
    return this.reserve(end) ? sizes : null;
  }

  /** A block of `bytes` (a multiple of 64): the smallest free one that fits, else a new one on top. */
  private take(bytes: number): Block | null {
    let best = -1;
    this.free.forEach((b, i) => {
      if (b.bytes >= bytes && (best < 0 || b.bytes < (this.free[best] as Block).bytes)) best = i;
    });
    if (best >= 0) {
      const b = this.free[best] as Block;
      const block = { at: b.at, bytes };
      if (b.bytes === bytes) this.free.splice(best, 1);
      else this.free[best] = { at: b.at + bytes, bytes: b.bytes - bytes };
      return block;
    }
    if (!this.reserve(this.end + bytes)) return null;
    const block = { at: this.end, bytes };
    this.end += bytes;
    return block;
  }

  /** Return a collected array's block; free space that reaches `end` lowers `end` instead. */
  private release(block: Block): void {
    let i = 0;
    while (i < this.free.length && (this.free[i] as Block).at < block.at) i++;
    this.free.splice(i, 0, { ...block });
    // merge with the following and the preceding free block
    const next = this.free[i + 1];
    const cur = this.free[i] as Block;
    if (next !== undefined && cur.at + cur.bytes === next.at) {
      cur.bytes += next.bytes;
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev !== undefined && prev.at + prev.bytes === cur.at) {
      prev.bytes += cur.bytes;
      this.free.splice(i, 1);
    }
    const last = this.free.at(-1);
    if (last !== undefined && last.at + last.bytes === this.end) {
      this.end = last.at;
      this.free.pop();
    }
  }

  /** Make sure the memory reaches byte `end`, growing it if needed; false when it cannot. */
  private reserve(end: number): boolean {
    const have = this.f32View.byteLength;
    if (end <= have) return true;
    if (!growMemory(this.memory, have, end, this.maxBytes)) return false;
    this.f32View = new Float32Array(this.memory.buffer);
    this.buffers.add(this.memory.buffer);
    return true;
  }
}

/**
 * The arena for `rt`'s module, or null where memory cannot be shared (growing would detach the
 * arrays) or cannot be reserved.
 * @example createArena(runtime)?.zeros(8) // Float32Array(8) in WebAssembly memory
 */
export function createArena(rt: WasmRuntime): StateArena | null {
  if (!rt.shared) return null;
  try {
    return new StateArena(rt);
  } catch {
    return null;
  }
}
