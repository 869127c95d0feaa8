/**
 * Data types and the typed array each one is stored in.
 *
 * - `float32` (default): Float32Array — the working precision of training.
 * - `float64`: Float64Array — the reference backend and gradient checks.
 * - `int32`: Int32Array — indices and class labels.
 * - `bool`: Uint8Array holding 0 or 1 — results of comparisons, masks for `where`.
 *
 * @example
 * import { tensor } from 'neurite';
 * tensor([1, 2]).dtype; // 'float32'
 */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** The typed array behind each dtype. */
export interface DTypeArrayMap {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** Any storage array a tensor can own. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
/** Storage of a floating-point tensor. */
export type FloatArray = Float32Array | Float64Array;

/** Constructors, indexed by dtype. */
export const ARRAY_TYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

// ---- allocation ----------------------------------------------------------------------------------
// Creating a typed array of more than 64 bytes makes V8 allocate and register its own backing
// store, which costs about 0.5–1 µs: more than a small model's whole op. So arrays of 65 bytes to
// 4 KiB are windows on shared 32 KiB slabs instead (a bump pointer; a slab is garbage once no window
// on it is reachable). Fresh slabs are zero-filled and windows never overlap, so every array still
// starts as zeros and belongs to one tensor. Smaller arrays live on the JS heap, larger ones pay
// the fixed cost next to their O(n) work. Code that reads `data.buffer` must honour `byteOffset`.
const SLAB_BYTES = 32 * 1024;
const POOL_MIN_BYTES = 65;
const POOL_MAX_BYTES = 4 * 1024;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;

/** Byte offset of a new `bytes`-long window on the current slab (8-aligned, for Float64Array). */
function carve(bytes: number): number {
  if (slabUsed + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const at = slabUsed;
  slabUsed += (bytes + 7) & ~7;
  return at;
}

/**
 * Allocate a zero-filled array of `n` elements for `dtype`: every kernel output and tensor storage.
 * @example allocate('float32', 3) // Float32Array [0, 0, 0]
 */
export function allocate<D extends DType>(dtype: D, n: number): DTypeArrayMap[D] {
  return allocateArray(dtype, n) as DTypeArrayMap[D];
}

function allocateArray(dtype: DType, n: number): TypedArray {
  const bytes = n * (dtype === 'float64' ? 8 : dtype === 'bool' ? 1 : 4);
  if (bytes < POOL_MIN_BYTES || bytes > POOL_MAX_BYTES) return new ARRAY_TYPES[dtype](n);
  const at = carve(bytes); // first: it may start a new slab, and `slab` must be read after that
  // One constructor per branch keeps each `new` site monomorphic.
  switch (dtype) {
    case 'float32':
      return new Float32Array(slab, at, n);
    case 'float64':
      return new Float64Array(slab, at, n);
    case 'int32':
      return new Int32Array(slab, at, n);
    default:
      return new Uint8Array(slab, at, n);
  }
}

/**
 * A copy of `data` in a new array of the same type (from `allocate`, unlike `data.slice()`).
 * @example copyArray(new Float32Array([1, 2])) // Float32Array [1, 2]
 */
export function copyArray<T extends TypedArray>(data: T): T {
  const out = allocate(dtypeOf(data), data.length) as T;
  out.set(data);
  return out;
}

/** The dtype whose array type `data` is. */
export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  return 'bool';
}

/** True for float32 and float64: the dtypes that carry gradients. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/**
 * Type promotion for binary ops, as PyTorch does for tensors of the same category:
 * bool < int32 < float32 < float64.
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Copy `data` into a new array of `dtype` (bool maps non-zero to 1). */
export function castArray<D extends DType>(data: TypedArray, dtype: D): DTypeArrayMap[D] {
  const out = allocate(dtype, data.length);
  if (dtype === 'bool') {
    for (let i = 0; i < data.length; i++) out[i] = data[i] !== 0 ? 1 : 0;
  } else if (dtype === 'int32') {
    // Truncate toward zero, as PyTorch's .to(torch.int32) does.
    for (let i = 0; i < data.length; i++) out[i] = Math.trunc(data[i] as number);
  } else {
    out.set(data);
  }
  return out;
}
