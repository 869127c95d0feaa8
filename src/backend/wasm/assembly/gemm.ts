// AssemblyScript source of the WASM backend's GEMM (compiled by scripts/build-wasm.mjs, not by tsc).
//
// C = Σ op(A)·op(B) in float32 with SIMD128, BLIS-style: a task owns one tile of one output matrix;
// for each k-block it packs op(B) into NR-wide column panels and op(A) into MR-high row panels
// (packing reads through strides, so transposed operands cost no extra copy), then a register-
// blocked MR×NR micro-kernel runs over the packed panels. Every output element is computed by one
// task, in one fixed order (k-blocks in turn, each summed from zero and then added to C), so the
// result is the same whichever thread runs which task.
//
// All pointers are byte offsets into the (shared) memory imported from JS; the JS side lays out the
// descriptor, the operands and per-thread scratch, see ../gemm.ts for the descriptor fields.

const MR: i32 = 4;
const NR: i32 = 8;

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

/**
 * The MR×NR micro-kernel: t = Σ_p a[:, p]·b[p, :] over kc packed steps, then C = t or C += t.
 * Packed A holds each value already broadcast to four lanes, so every load in the loop is a plain
 * v128 load with a constant offset (V8 folds those into the instruction; splat loads need an extra
 * address computation each). 8 accumulators + 6 loads + 1 temporary fill x64's 15 usable vector
 * registers: larger tiles spill in V8, which schedules all loads of an iteration first.
 */
function micro(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, accumulate: bool): void {
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
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load(pa, 16);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load(pa, 32);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load(pa, 48);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    if (pb + 32 >= end) break;
    b0 = v128.load(pb, 32);
    b1 = v128.load(pb, 48);
    a = v128.load(pa, 64);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load(pa, 80);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load(pa, 96);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load(pa, 112);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
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

/** An edge tile (mr < MR or nr < NR): the full kernel into `tmp`, then only the valid part to C. */
function microEdge(
  kc: i32,
  pa: usize,
  pb: usize,
  c: usize,
  ldc: usize,
  mr: i32,
  nr: i32,
  accumulate: bool,
  tmp: usize,
): void {
  micro(kc, pa, pb, tmp, NR << 2, false);
  for (let i = 0; i < mr; i++) {
    const row = c + <usize>i * ldc;
    const trow = tmp + <usize>(i * NR * 4);
    for (let j = 0; j < nr; j++) {
      const t = load<f32>(trow + (<usize>j << 2));
      const dst = row + (<usize>j << 2);
      store<f32>(dst, accumulate ? load<f32>(dst) + t : t);
    }
  }
}

/**
 * Pack op(A)[0:mc, 0:kc] (element (i, p) at src + i·rs + p·cs bytes) into MR-row panels, each value
 * broadcast to a v128 (the layout `micro` reads), rows past mc zero.
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
      const zero = f32x4.splat(0);
      for (let p = 0; p < kc; p++) {
        const o = <usize>p * cs;
        for (let r = 0; r < MR; r++) {
          v128.store(dst + (<usize>r << 4), r < rows ? v128.load32_splat(r0 + <usize>r * rs + o) : zero);
        }
        dst += 64;
      }
    }
  }
}

/** Pack op(B)[0:kc, 0:nc] (element (p, j) at src + p·rs + j·cs bytes) into NR-column panels, zero-padded. */
function packB(src: usize, rs: usize, cs: usize, kc: i32, nc: i32, dst: usize): void {
  for (let j = 0; j < nc; j += NR) {
    const cols = min(NR, nc - j);
    const base = src + <usize>j * cs;
    if (cols == NR && cs == 4) {
      for (let p = 0; p < kc; p++) {
        const s = base + <usize>p * rs;
        v128.store(dst, v128.load(s));
        v128.store(dst, v128.load(s, 16), 16);
        dst += 32;
      }
    } else {
      // op(B) = Bᵀ (or an edge): walk each column along p, where the source is contiguous for Bᵀ
      for (let jj = 0; jj < NR; jj++) {
        let d = dst + (<usize>jj << 2);
        if (jj < cols) {
          const col = base + <usize>jj * cs;
          for (let p = 0; p < kc; p++) {
            store<f32>(d, load<f32>(col + <usize>p * rs));
            d += 32;
          }
        } else {
          for (let p = 0; p < kc; p++) {
            store<f32>(d, 0);
            d += 32;
          }
        }
      }
      dst += <usize>kc * 32;
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
  // scratch: packed A (tileM rounded up to MR, × kc, ×4 lanes), packed B (kc × tileN rounded up to NR), a tile
  const pa = scratch;
  const pb = pa + <usize>(((tileM + MR - 1) / MR) * MR * kcMax) * 16;
  const tmp = pb + <usize>(((tileN + NR - 1) / NR) * NR * kcMax) * 4;
  for (let e = 0; e < terms; e++) {
    const aBase = <usize>load<i32>(desc + D_A) + (<usize>load<i32>(abOffs + (<usize>e << 3)) << 2);
    const bBase = <usize>load<i32>(desc + D_B) + (<usize>load<i32>(abOffs + (<usize>e << 3), 4) << 2);
    for (let pc = 0; pc < k; pc += kcMax) {
      const kc = min(kcMax, k - pc);
      packB(bBase + <usize>pc * rsB + <usize>j0 * csB, rsB, csB, kc, nt, pb);
      packA(aBase + <usize>i0 * rsA + <usize>pc * csA, rsA, csA, mt, kc, pa);
      const accumulate = e > 0 || pc > 0;
      for (let jr = 0; jr < nt; jr += NR) {
        const nr = min(NR, nt - jr);
        const pbj = pb + <usize>(jr * kc) * 4;
        for (let ir = 0; ir < mt; ir += MR) {
          const mr = min(MR, mt - ir);
          const cij = c + <usize>ir * ldc + (<usize>jr << 2);
          const pai = pa + <usize>(ir * kc) * 16;
          if (mr == MR && nr == NR) micro(kc, pai, pbj, cij, ldc, accumulate);
          else microEdge(kc, pai, pbj, cij, ldc, mr, nr, accumulate, tmp);
        }
      }
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
 * Claim and run tasks of job `gen` until none is left; returns how many this thread ran. A thread
 * that arrives late (the job closed, or a newer one open) claims nothing.
 */
export function runTasks(desc: usize, gen: i32, scratch: usize): i32 {
  const want = (<i64>gen) << 32;
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
