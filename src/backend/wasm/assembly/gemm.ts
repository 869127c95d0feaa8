// AssemblyScript source of the WASM backend's GEMM (compiled by scripts/build-wasm.mjs, not by tsc).
//
// C = Σ op(A)·op(B) in float32 with SIMD128, BLIS-style. A job is a list of tasks; a task owns one
// tile (up to tileM × tileN) of one output matrix. For each product summed into it, the task packs
// its strip of op(B) into NR-wide column panels once, for all of k (packing reads through strides,
// so transposed operands cost no extra copy); then, block of MC rows by block, k-block by k-block,
// a register-blocked MR×NR micro-kernel multiplies op(A) rows with the B panels into a contiguous
// tile buffer, which goes to C at the end. Every output element is computed by one task, in one
// fixed order (products in turn, k-blocks of kc in turn, each summed from zero over p ascending
// and then added), so the result is the same whichever thread runs which task, and whatever the
// tile sizes: only kc is part of the arithmetic.
//
// Two builds come from this file (scripts/build-wasm.mjs): the plain SIMD128 one (a product is
// rounded, then added: f32x4.mul + f32x4.add; 4×8 tiles over A packed broadcast) and, with
// `--enable relaxed-simd`, the fused one (f32x4.relaxed_madd, one rounding per step where the CPU
// has FMA; the JS side uses it only after checking that it fuses; 3×12 tiles reading A in place).
//
// All pointers are byte offsets into the (shared) memory imported from JS; the JS side lays out the
// descriptor, the operands and per-thread scratch, see ../gemm.ts for the descriptor fields.
import { FUSED, MC, MR, micro3x12, micro4x8, NR } from './micro';
import { packA, packB, packPanels } from './pack';
import { convTask, D_KIND } from './conv';

// Descriptor fields (byte offsets). CLAIM is an i64: high 32 bits the job's generation, low 32 bits
// the next task index; workers claim tasks with compare-and-swap.
const D_CLAIM: usize = 0;
const D_NTASKS: usize = 8;
const D_M: usize = 12;
const D_N: usize = 16;
const D_K: usize = 20;
const D_RSA: usize = 24;
const D_CSA: usize = 28;
const D_RSB: usize = 32;
const D_CSB: usize = 36;
const D_A: usize = 40;
const D_B: usize = 44;
const D_C: usize = 48;
const D_TERMS: usize = 52; // products summed into each output matrix
const D_TILES_M: usize = 56;
const D_TILES_N: usize = 60;
const D_TILE_M: usize = 64;
const D_TILE_N: usize = 68;
const D_KC: usize = 72;
const D_C_OFFS: usize = 76; // i32[groups]: element offset of each output matrix
const D_AB_OFFS: usize = 80; // i32[groups·terms·2]: element offsets of A and B per product
const D_DONE: usize = 84; // tasks finished (the posting thread waits on it with Atomics.wait)
const D_SCRATCH: usize = 88; // byte offset of thread slot 0's scratch
const D_SLOT: usize = 92; // scratch bytes per thread slot
// from byte 96 (D_KIND): the job's kind and, for a convolution's job, its fields (see conv.ts)
/** Round `x` up to a multiple of `to`. */
// @ts-ignore: decorator
@inline export function roundUp(x: i32, to: i32): i32 {
  return ((x + to - 1) / to) * to;
}

/**
 * Bytes of one thread's scratch for tiles of tileM × tileN, k-blocks of kc and depth k: the tile
 * buffer, the packed B strip (all of k) and, in the plain build, a packed A block.
 */
export function scratchBytes(tileM: i32, tileN: i32, k: i32, kc: i32): i32 {
  const b = (k * roundUp(tileN, NR) * 4 + 63) & ~63;
  const t = (roundUp(tileM, MR) * roundUp(tileN, NR) * 4 + 63) & ~63;
  return b + t + (FUSED ? MC * min(kc, k) * 4 + 16 : MC * min(kc, k) * 16);
}

/** Copy the mt × nt tile `t` (rows `ldt` bytes apart) to C. */
export function storeTile(t: usize, ldt: usize, c: usize, ldc: usize, mt: i32, nt: i32): void {
  const nv = nt & ~3;
  for (let i = 0; i < mt; i++) {
    const src = t + <usize>i * ldt;
    const dst = c + <usize>i * ldc;
    let j = 0;
    for (; j < nv; j += 4) v128.store(dst + (<usize>j << 2), v128.load(src + (<usize>j << 2)));
    for (; j < nt; j++) store<f32>(dst + (<usize>j << 2), load<f32>(src + (<usize>j << 2)));
  }
}

/**
 * One product's share of an mt × nt tile: T = op(A)·op(B) (`first`) or T += op(A)·op(B), where
 * op(A)'s rows start at `a` and op(B)'s columns at `b` (byte strides rs/cs). `scratch`: the packed
 * B strip, then (plain build) the packed A block; T: the tile buffer `t`, rows `ldt` bytes apart
 * (full MR × NR register tiles fit: no edge cases). With `bInPlace` the fused build reads a
 * row-major B where it lies instead of packing it (for a B that is small and hot in cache, e.g. a
 * sample's columns; the caller leaves 48 readable bytes after it: an edge panel reads past the
 * last column, into sums that are never stored). The same values in the same order either way.
 */
export function tileTerm(
  a: usize,
  b: usize,
  rsA: usize,
  csA: usize,
  rsB: usize,
  csB: usize,
  k: i32,
  kcMax: i32,
  mt: i32,
  nt: i32,
  first: bool,
  scratch: usize,
  t: usize,
  ldt: usize,
  bInPlace: bool,
): void {
  const ntp = roundUp(nt, NR);
  const pb = scratch;
  const direct = FUSED && bInPlace && csB == 4;
  for (let pc = 0; pc < k && !direct; pc += kcMax) {
    // k-block pc's panels follow the earlier blocks' (pc rows × ntp columns)
    packB(b + <usize>pc * rsB, rsB, csB, min(kcMax, k - pc), nt, pb + <usize>(pc * ntp) * 4);
  }
  // where step p of panel jr's 12 values start, and the bytes from one step to the next
  const bs = direct ? rsB : <usize>NR << 2;
  const pa = pb + <usize>(k * ntp) * 4; // the packed A block (plain build, or Aᵀ)
  for (let ic = 0; ic < mt; ic += MC) {
    const mc = min(MC, mt - ic);
    for (let pc = 0; pc < k; pc += kcMax) {
      const kc = min(kcMax, k - pc);
      const accumulate = !first || pc > 0;
      const ab = a + <usize>ic * rsA + <usize>pc * csA;
      // the fused kernel reads A's rows in place where they run along p; op(A) = Aᵀ is copied into
      // 3-row panels first (3 contiguous values per step), else every step would touch a new page
      const inPlace = csA == 4;
      if (!FUSED) packA(ab, rsA, csA, mc, kc, pa);
      else if (!inPlace) packPanels(ab, rsA, csA, mc, kc, pa);
      for (let jr = 0; jr < nt; jr += NR) {
        const pbj = direct ? b + <usize>pc * rsB + (<usize>jr << 2) : pb + <usize>(pc * ntp + jr * kc) * 4;
        for (let ir = 0; ir < mc; ir += MR) {
          const tij = t + <usize>(ic + ir) * ldt + (<usize>jr << 2);
          if (FUSED && inPlace) {
            const rows = mc - ir;
            const o1 = rows > 1 ? rsA : 0;
            const o2 = rows > 2 ? rsA << 1 : o1;
            micro3x12(kc, ab + <usize>ir * rsA, o1, o2, csA, pbj, bs, tij, ldt, accumulate);
          } else if (FUSED) {
            micro3x12(kc, pa + <usize>(ir * kc) * 4, 4, 8, 12, pbj, bs, tij, ldt, accumulate);
          } else {
            micro4x8(kc, pa + <usize>(ir * kc) * 16, pbj, tij, ldt, accumulate);
          }
        }
      }
    }
  }
}

/** Run task `t` of the job in `desc`: one tile of one output matrix, all its products in order. */
function runTask(desc: usize, t: i32, scratch: usize): void {
  const m = load<i32>(desc + D_M);
  const n = load<i32>(desc + D_N);
  const k = load<i32>(desc + D_K);
  const tilesM = load<i32>(desc + D_TILES_M);
  const tilesN = load<i32>(desc + D_TILES_N);
  const tileM = load<i32>(desc + D_TILE_M);
  const tileN = load<i32>(desc + D_TILE_N);
  const kcMax = load<i32>(desc + D_KC);
  const terms = load<i32>(desc + D_TERMS);
  const perGroup = tilesM * tilesN;
  const g = t / perGroup;
  const r = t % perGroup;
  const i0 = (r / tilesN) * tileM;
  const j0 = (r % tilesN) * tileN;
  const mt = min(tileM, m - i0);
  const nt = min(tileN, n - j0);
  const rsA = <usize>load<i32>(desc + D_RSA) << 2;
  const csA = <usize>load<i32>(desc + D_CSA) << 2;
  const rsB = <usize>load<i32>(desc + D_RSB) << 2;
  const csB = <usize>load<i32>(desc + D_CSB) << 2;
  const ldc = <usize>n << 2;
  const cOff = load<i32>(<usize>load<i32>(desc + D_C_OFFS) + (<usize>g << 2));
  const c = <usize>load<i32>(desc + D_C) + (<usize>cOff << 2) + <usize>i0 * ldc + (<usize>j0 << 2);
  const abOffs = <usize>load<i32>(desc + D_AB_OFFS) + (<usize>(g * terms) << 3);
  // scratch (see scratchBytes): the tile buffer, then the packed B strip and packed A
  const tb = scratch;
  const pb = tb + ((<usize>(roundUp(tileM, MR) * roundUp(tileN, NR) * 4) + 63) & ~63);
  const ldt = <usize>roundUp(nt, NR) << 2;
  for (let e = 0; e < terms; e++) {
    const aBase = <usize>load<i32>(desc + D_A) + (<usize>load<i32>(abOffs + (<usize>e << 3)) << 2);
    const bBase = <usize>load<i32>(desc + D_B) + (<usize>load<i32>(abOffs + (<usize>e << 3), 4) << 2);
    tileTerm(aBase + <usize>i0 * rsA, bBase + <usize>j0 * csB, rsA, csA, rsB, csB, k, kcMax, mt, nt, e == 0, pb, tb, ldt, false);
  }
  if (k > 0) storeTile(tb, ldt, c, ldc, mt, nt);
}

/**
 * C = op(A)·op(B) for one plain m × n × k product (strides in elements), all tiles on this thread:
 * the same tiles and arithmetic as a job, without a descriptor; `bInPlace`: see tileTerm.
 */
export function gemmTiles(
  a: usize,
  b: usize,
  c: usize,
  m: i32,
  n: i32,
  k: i32,
  rsA: i32,
  csA: i32,
  rsB: i32,
  csB: i32,
  tileM: i32,
  tileN: i32,
  kcMax: i32,
  scratch: usize,
  bInPlace: bool,
): void {
  const ldc = <usize>n << 2;
  // scratch (see scratchBytes): the tile buffer, then the packed B strip and packed A
  const tb = scratch;
  const pb = tb + ((<usize>(roundUp(tileM, MR) * roundUp(tileN, NR) * 4) + 63) & ~63);
  for (let i0 = 0; i0 < m; i0 += tileM) {
    const mt = min(tileM, m - i0);
    for (let j0 = 0; j0 < n; j0 += tileN) {
      const nt = min(tileN, n - j0);
      const ldt = <usize>roundUp(nt, NR) << 2;
      const ai = a + ((<usize>i0 * <usize>rsA) << 2);
      const bj = b + ((<usize>j0 * <usize>csB) << 2);
      tileTerm(ai, bj, <usize>rsA << 2, <usize>csA << 2, <usize>rsB << 2, <usize>csB << 2, k, kcMax, mt, nt, true, pb, tb, ldt, bInPlace);
      if (k > 0) storeTile(tb, ldt, c + <usize>i0 * ldc + (<usize>j0 << 2), ldc, mt, nt);
    }
  }
}

/** `gemmTiles` with B packed: the export that small products call from JS. */
export function gemm(
  a: usize,
  b: usize,
  c: usize,
  m: i32,
  n: i32,
  k: i32,
  rsA: i32,
  csA: i32,
  rsB: i32,
  csB: i32,
  tileM: i32,
  tileN: i32,
  kcMax: i32,
  scratch: usize,
): void {
  gemmTiles(a, b, c, m, n, k, rsA, csA, rsB, csB, tileM, tileN, kcMax, scratch, false);
}

/** Open job `gen` for claiming (called by the thread that posts it, after writing the descriptor). */
export function openJob(desc: usize, gen: i32): void {
  atomic.store<i32>(desc + D_DONE, 0);
  atomic.store<i64>(desc + D_CLAIM, (<i64>gen) << 32);
}

/** Close the job: no task can be claimed until the next openJob (the descriptor may then change). */
export function closeJob(desc: usize): void {
  atomic.store<i64>(desc + D_CLAIM, 0);
}

/**
 * Claim and run tasks of job `gen` until none is left, with the scratch of thread slot `slot`;
 * returns how many this thread ran. A thread that arrives late (the job closed, or a newer one
 * open) claims nothing.
 */
export function runTasks(desc: usize, gen: i32, slot: i32): i32 {
  const want = (<i64>gen) << 32;
  const slotBytes = <u64>load<i32>(desc + D_SLOT);
  const start = <u64>load<i32>(desc + D_SCRATCH) + <u64>slot * slotBytes;
  // a slot past the memory's end (a bad start message) traps here, before any task is claimed
  if (start + slotBytes > (<u64>memory.size()) << 16) unreachable();
  const scratch = <usize>start;
  let done = 0;
  while (true) {
    const v = atomic.load<i64>(desc + D_CLAIM);
    if ((v & 0xffffffff00000000) != want) break;
    const t = <i32>(v & 0xffffffff);
    if (t >= load<i32>(desc + D_NTASKS)) break;
    if (atomic.cmpxchg<i64>(desc + D_CLAIM, v, v + 1) != v) continue;
    // the job's kind: 0 a GEMM (runTask), else a convolution's (conv.ts)
    const kind = load<i32>(desc + D_KIND);
    if (kind == 0) runTask(desc, t, scratch);
    else convTask(desc, kind, t, scratch);
    atomic.add<i32>(desc + D_DONE, 1);
    done++;
  }
  return done;
}

/** First byte the JS side may use (after the module's own static data). */
export function heapBase(): usize {
  return (__heap_base + 63) & ~63;
}
