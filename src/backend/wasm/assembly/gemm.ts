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

/** Multiply-add with one rounding (fused build) or two (plain build); fixed at compile time. */
const FUSED: bool = ASC_FEATURE_RELAXED_SIMD;
/** Register tile: rows of A × columns of B per micro-kernel call. */
const MR: i32 = FUSED ? 3 : 4;
const NR: i32 = FUSED ? 12 : 8;
/**
 * Rows of A per block: the micro-kernels of a block reuse each B panel (kc × NR, in L1) MC / MR
 * times while A's block (MC × kc; packed broadcast in the plain build: 4× the bytes) stays in L2.
 */
const MC: i32 = FUSED ? 96 : 32;

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

/** c + a·b: one rounding in the fused build, two in the plain one. */
// @ts-ignore: decorator
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (FUSED) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/**
 * The plain build's 4×8 micro-kernel: t = Σ_p a[:, p]·b[p, :] over kc packed steps, then C = t or
 * C += t. Packed A holds each value already broadcast to four lanes, so every load in the loop is
 * a plain v128 load with a constant offset (V8 folds those into the instruction; splat loads need
 * an extra address computation each). 8 accumulators + 6 loads + 1 temporary fill x64's 15 usable
 * vector registers: larger tiles spill in V8, which schedules all loads of an iteration first.
 */
function micro4x8(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  // two steps per pass (fewer loop-control instructions per step); the exit between them handles
  // odd kc and keeps V8 from scheduling the second step's loads before the first step's arithmetic
  const end = pb + (<usize>kc << 5);
  while (pb < end) {
    let b0 = v128.load(pb);
    let b1 = v128.load(pb, 16);
    let a = v128.load(pa);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load(pa, 16);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load(pa, 32);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load(pa, 48);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    if (pb + 32 >= end) break;
    b0 = v128.load(pb, 32);
    b1 = v128.load(pb, 48);
    a = v128.load(pa, 64);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load(pa, 80);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load(pa, 96);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load(pa, 112);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    pa += 128;
    pb += 64;
  }
  if (accumulate) {
    c00 = f32x4.add(v128.load(c), c00);
    c01 = f32x4.add(v128.load(c, 16), c01);
    c10 = f32x4.add(v128.load(c + ldc), c10);
    c11 = f32x4.add(v128.load(c + ldc, 16), c11);
    c20 = f32x4.add(v128.load(c + 2 * ldc), c20);
    c21 = f32x4.add(v128.load(c + 2 * ldc, 16), c21);
    c30 = f32x4.add(v128.load(c + 3 * ldc), c30);
    c31 = f32x4.add(v128.load(c + 3 * ldc, 16), c31);
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/**
 * The fused build's 3×12 micro-kernel: t = Σ_p a[0:3, p]·b[p, 0:12] over kc steps, then T = t or
 * T += t. A fused multiply-add needs no temporary, so 9 accumulators + 3 B vectors + 3 splat A
 * values use all 15 registers without a spill, and 9 independent chains cover the FMA's latency
 * at two per cycle (4×8's 8 chains just fail to). A is read in place, no packing: row r, step p at
 * a + o_r + p·cs (o_0 = 0; rows past the matrix's edge repeat the last row, their sums are unused).
 */
function micro3x12(kc: i32, a: usize, o1: usize, o2: usize, cs: usize, pb: usize, t: usize, ldt: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c02 = c00;
  let c10 = c00;
  let c11 = c00;
  let c12 = c00;
  let c20 = c00;
  let c21 = c00;
  let c22 = c00;
  const end = pb + <usize>kc * 48;
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const b2 = v128.load(pb, 32);
    let x = v128.load32_splat(a);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    c02 = madd(x, b2, c02);
    x = v128.load32_splat(a + o1);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    c12 = madd(x, b2, c12);
    x = v128.load32_splat(a + o2);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    c22 = madd(x, b2, c22);
    a += cs;
    pb += 48;
  }
  if (accumulate) {
    c00 = f32x4.add(v128.load(t), c00);
    c01 = f32x4.add(v128.load(t, 16), c01);
    c02 = f32x4.add(v128.load(t, 32), c02);
    c10 = f32x4.add(v128.load(t + ldt), c10);
    c11 = f32x4.add(v128.load(t + ldt, 16), c11);
    c12 = f32x4.add(v128.load(t + ldt, 32), c12);
    c20 = f32x4.add(v128.load(t + 2 * ldt), c20);
    c21 = f32x4.add(v128.load(t + 2 * ldt, 16), c21);
    c22 = f32x4.add(v128.load(t + 2 * ldt, 32), c22);
  }
  v128.store(t, c00);
  v128.store(t, c01, 16);
  v128.store(t, c02, 32);
  v128.store(t + ldt, c10);
  v128.store(t + ldt, c11, 16);
  v128.store(t + ldt, c12, 32);
  v128.store(t + 2 * ldt, c20);
  v128.store(t + 2 * ldt, c21, 16);
  v128.store(t + 2 * ldt, c22, 32);
}

/**
 * The plain build's packing of op(A)[0:mc, 0:kc] (element (i, p) at src + i·rs + p·cs bytes) into
 * 4-row panels: per step p the panel's 4 values, each broadcast to a v128 (the layout `micro4x8`
 * reads); rows past mc are zero.
 */
function packA(src: usize, rs: usize, cs: usize, mc: i32, kc: i32, dst: usize): void {
  for (let i = 0; i < mc; i += MR) {
    const rows = min(MR, mc - i);
    const r0 = src + <usize>i * rs;
    if (rows == MR) {
      const r1 = r0 + rs;
      const r2 = r1 + rs;
      const r3 = r2 + rs;
      for (let p = 0; p < kc; p++) {
        const o = <usize>p * cs;
        v128.store(dst, v128.load32_splat(r0 + o));
        v128.store(dst, v128.load32_splat(r1 + o), 16);
        v128.store(dst, v128.load32_splat(r2 + o), 32);
        v128.store(dst, v128.load32_splat(r3 + o), 48);
        dst += 64;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const o = <usize>p * cs;
        for (let r = 0; r < MR; r++) {
          v128.store(dst + (<usize>r << 4), r < rows ? v128.load32_splat(r0 + <usize>r * rs + o) : f32x4.splat(0));
        }
        dst += MR << 4;
      }
    }
  }
}

/**
 * The fused build's packing of op(A)[0:mc, 0:kc] (element (i, p) at src + i·rs + p·cs bytes) into
 * 3-row panels, 3 values per step (the layout `micro3x12` reads with o1 = 4, o2 = 8, cs = 12);
 * rows past mc are zero. For op(A) = Aᵀ (rs = 4) a step's 3 values are contiguous.
 */
function packPanels(src: usize, rs: usize, cs: usize, mc: i32, kc: i32, dst: usize): void {
  for (let i = 0; i < mc; i += 3) {
    const rows = min(3, mc - i);
    const r0 = src + <usize>i * rs;
    if (rows == 3 && rs == 4) {
      // one 16-byte copy per step; the next step's store overwrites the 4th value (slack: 16 bytes)
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(r0 + <usize>p * cs));
        dst += 12;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const o = <usize>p * cs;
        store<f32>(dst, load<f32>(r0 + o));
        store<f32>(dst, rows > 1 ? load<f32>(r0 + rs + o) : 0, 4);
        store<f32>(dst, rows > 2 ? load<f32>(r0 + 2 * rs + o) : 0, 8);
        dst += 12;
      }
    }
  }
}

/** Pack op(B)[0:kc, 0:nc] (element (p, j) at src + p·rs + j·cs bytes) into NR-column panels of kc × NR, zero-padded. */
function packB(src: usize, rs: usize, cs: usize, kc: i32, nc: i32, dst: usize): void {
  for (let j = 0; j < nc; j += NR) {
    const cols = min(NR, nc - j);
    const base = src + <usize>j * cs;
    if (cols == NR && cs == 4) {
      for (let p = 0; p < kc; p++) {
        const s = base + <usize>p * rs;
        for (let v = 0; v < NR; v += 4) v128.store(dst + (<usize>v << 2), v128.load(s + (<usize>v << 2)));
        dst += NR << 2;
      }
    } else if (cols == NR && rs == 4) {
      // op(B) = Bᵀ: each column is contiguous along p; 4 steps of 4 columns at a time, transposed
      // in registers, then the rest of the steps one by one
      const k4 = kc & ~3;
      for (let v = 0; v < NR; v += 4) {
        const col = base + <usize>v * cs;
        let d = dst + (<usize>v << 2);
        for (let p = 0; p < k4; p += 4) {
          const o = <usize>p << 2;
          const v0 = v128.load(col + o);
          const v1 = v128.load(col + cs + o);
          const v2 = v128.load(col + 2 * cs + o);
          const v3 = v128.load(col + 3 * cs + o);
          const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
          const t1 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
          const t2 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
          const t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
          v128.store(d, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
          v128.store(d + (NR << 2), v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
          v128.store(d + (NR << 3), v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
          v128.store(d + 3 * (NR << 2), v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
          d += NR << 4;
        }
        for (let p = k4; p < kc; p++) {
          for (let jj = 0; jj < 4; jj++) store<f32>(d + (<usize>jj << 2), load<f32>(col + <usize>jj * cs + (<usize>p << 2)));
          d += NR << 2;
        }
      }
      dst += <usize>kc * (NR << 2);
    } else {
      // an edge: walk each column along p (contiguous for Bᵀ), zeros past the last column
      for (let jj = 0; jj < NR; jj++) {
        let d = dst + (<usize>jj << 2);
        if (jj < cols) {
          const col = base + <usize>jj * cs;
          for (let p = 0; p < kc; p++) {
            store<f32>(d, load<f32>(col + <usize>p * rs));
            d += NR << 2;
          }
        } else {
          for (let p = 0; p < kc; p++) {
            store<f32>(d, 0);
            d += NR << 2;
          }
        }
      }
      dst += <usize>kc * (NR << 2);
    }
  }
}

/** Round `x` up to a multiple of `to`. */
// @ts-ignore: decorator
@inline function roundUp(x: i32, to: i32): i32 {
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
function storeTile(t: usize, ldt: usize, c: usize, ldc: usize, mt: i32, nt: i32): void {
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
 * (full MR × NR register tiles fit: no edge cases).
 */
function tileTerm(
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
): void {
  const ntp = roundUp(nt, NR);
  const pb = scratch;
  for (let pc = 0; pc < k; pc += kcMax) {
    // k-block pc's panels follow the earlier blocks' (pc rows × ntp columns)
    packB(b + <usize>pc * rsB, rsB, csB, min(kcMax, k - pc), nt, pb + <usize>(pc * ntp) * 4);
  }
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
        const pbj = pb + <usize>(pc * ntp + jr * kc) * 4;
        for (let ir = 0; ir < mc; ir += MR) {
          const tij = t + <usize>(ic + ir) * ldt + (<usize>jr << 2);
          if (FUSED && inPlace) {
            const rows = mc - ir;
            const o1 = rows > 1 ? rsA : 0;
            const o2 = rows > 2 ? rsA << 1 : o1;
            micro3x12(kc, ab + <usize>ir * rsA, o1, o2, csA, pbj, tij, ldt, accumulate);
          } else if (FUSED) {
            micro3x12(kc, pa + <usize>(ir * kc) * 4, 4, 8, 12, pbj, tij, ldt, accumulate);
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
    tileTerm(aBase + <usize>i0 * rsA, bBase + <usize>j0 * csB, rsA, csA, rsB, csB, k, kcMax, mt, nt, e == 0, pb, tb, ldt);
  }
  if (k > 0) storeTile(tb, ldt, c, ldc, mt, nt);
}

/**
 * C = op(A)·op(B) for one plain m × n × k product (strides in elements), all tiles on this thread:
 * the same tiles and arithmetic as a job, without a descriptor (small products call this).
 */
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
      tileTerm(ai, bj, <usize>rsA << 2, <usize>csA << 2, <usize>rsB << 2, <usize>csB << 2, k, kcMax, mt, nt, true, pb, tb, ldt);
      if (k > 0) storeTile(tb, ldt, c + <usize>i0 * ldc + (<usize>j0 << 2), ldc, mt, nt);
    }
  }
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
    runTask(desc, t, scratch);
    atomic.add<i32>(desc + D_DONE, 1);
    done++;
  }
  return done;
}

/** First byte the JS side may use (after the module's own static data). */
export function heapBase(): usize {
  return (__heap_base + 63) & ~63;
}

/**
 * c + a·b in lane 0 through the kernels' multiply-add: the JS side calls it with values whose
 * fused and unfused results differ, to learn whether relaxed_madd fuses on this engine and CPU.
 */
export function maddProbe(a: f32, b: f32, c: f32): f32 {
  return f32x4.extract_lane(madd(f32x4.splat(a), f32x4.splat(b), f32x4.splat(c)), 0);
}
