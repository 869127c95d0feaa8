// AssemblyScript: packing operands into the panels the micro-kernels read (see micro.ts, gemm.ts).
import { MR, NR } from './micro';

/**
 * The plain build's packing of op(A)[0:mc, 0:kc] (element (i, p) at src + i·rs + p·cs bytes) into
 * 4-row panels: per step p the panel's 4 values, each broadcast to a v128 (the layout `micro4x8`
 * reads); rows past mc are zero.
 */
export function packA(src: usize, rs: usize, cs: usize, mc: i32, kc: i32, dst: usize): void {
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
export function packPanels(src: usize, rs: usize, cs: usize, mc: i32, kc: i32, dst: usize): void {
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
export function packB(src: usize, rs: usize, cs: usize, kc: i32, nc: i32, dst: usize): void {
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
