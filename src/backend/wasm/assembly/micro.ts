// AssemblyScript: the register-blocked micro-kernels of the WASM backend's GEMM (see gemm.ts), and
// the compile-time constants of the two builds: plain SIMD128 (mul + add) and fused (relaxed SIMD).

/** Multiply-add with one rounding (fused build) or two (plain build); fixed at compile time. */
export const FUSED: bool = ASC_FEATURE_RELAXED_SIMD;
/** Register tile: rows of A × columns of B per micro-kernel call. */
export const MR: i32 = FUSED ? 3 : 4;
export const NR: i32 = FUSED ? 12 : 8;
/**
 * Rows of A per block: the micro-kernels of a block reuse each B panel (kc × NR, in L1) MC / MR
 * times while A's block (MC × kc; packed broadcast in the plain build: 4× the bytes) stays in L2.
 */
export const MC: i32 = FUSED ? 96 : 32;

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
export function micro4x8(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, accumulate: bool): void {
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
 * B's 12 values of step p are at pb + p·bs: a packed panel (bs = 48), or a row-major B in place.
 */
export function micro3x12(kc: i32, a: usize, o1: usize, o2: usize, cs: usize, pb: usize, bs: usize, t: usize, ldt: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c02 = c00;
  let c10 = c00;
  let c11 = c00;
  let c12 = c00;
  let c20 = c00;
  let c21 = c00;
  let c22 = c00;
  const end = pb + <usize>kc * bs;
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
    pb += bs;
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
 * c + a·b in lane 0 through the kernels' multiply-add: the JS side calls it with values whose
 * fused and unfused results differ, to learn whether relaxed_madd fuses on this engine and CPU.
 */
export function maddProbe(a: f32, b: f32, c: f32): f32 {
  return f32x4.extract_lane(madd(f32x4.splat(a), f32x4.splat(b), f32x4.splat(c)), 0);
}
