// AssemblyScript source of the WASM backend's convolution jobs (compiled by scripts/build-wasm.mjs).
//
// A convolution is GEMMs over unfolded images (see ../../kernels/conv.ts): per sample n and group g,
// W[g] [R, K] times cols[n, g] [K, L], with K = (C / G)·kH·kW and L = outH·outW. Here the columns
// of one sample are unfolded (im2col) into the thread's scratch, next to the GEMM's own scratch,
// and multiplied at once: no columns array for the whole batch, no copy of it into this memory.
// The GEMMs are gemm.ts's (the same tiles and arithmetic as a GEMM job), so a sample's result is
// the bits that im2col followed by that GEMM gives. Three kinds of job, tasks claimed as GEMM tasks:
//
//   forward (1):     one task per sample: y[n, g] = W[g] · cols[n, g] (+ bias), for every g;
//   input grad (2):  one task per sample: dx[n] = col2im(W[g]ᵀ · dy[n, g]), for every g;
//   weight grad (3): one task per chunk of samples and group: the chunk's Σₙ dy[n, g] · cols[n, g]ᵀ
//                    (samples in ascending order) into the chunk's partial sum; the JS side adds
//                    the partials in chunk order. Chunks depend on the batch size only, never on
//                    the thread count, so the result does not either.
import { gemmTiles, roundUp, storeTile, tileTerm } from './gemm';
import { MR, NR } from './micro';

// Descriptor fields of a convolution job (bytes), after the GEMM's (gemm.ts D_*), which a conv job
// shares for the task count, tiling, scratch and claiming. ../conv.ts writes them in this order.
export const D_KIND: usize = 96; // 0: GEMM, else the conv job's kind
const D_CONV: usize = 100;

/** The convolution's fields in the descriptor, from D_CONV: sizes in elements, pointers in bytes. */
@unmanaged
class ConvJob {
  batch: i32;
  channels: i32;
  height: i32;
  width: i32;
  kernelH: i32;
  kernelW: i32;
  strideH: i32;
  strideW: i32;
  padTop: i32;
  padLeft: i32;
  dilationH: i32;
  dilationW: i32;
  outH: i32;
  outW: i32;
  groups: i32;
  /** R, weight rows per group */
  rows: i32;
  /** forward: images x; input grad: dy [N, G·R, L]; weight grad: dy */
  a: i32;
  /** forward and input grad: the weight [G·R, K]; weight grad: the images */
  b: i32;
  /** forward: y; input grad: dx; weight grad: the partial sums [chunks, G·R, K] */
  out: i32;
  /** forward: the bias [G·R], or 0 for none */
  bias: i32;
  /** weight grad: samples per chunk */
  chunk: i32;
  /** bytes of the columns buffer at the start of each thread's scratch (the GEMM's scratch follows) */
  colsBytes: i32;
}

const D_TILE_M: usize = 64;
const D_TILE_N: usize = 68;
const D_KC: usize = 72;

/** First output column ox with 0 ≤ ox·stride + off (off = kj·dilation − padLeft). */
// @ts-ignore: decorator
@inline function firstInside(off: i32, stride: i32): i32 {
  if (off >= 0) return 0;
  return stride == 1 ? -off : (stride - 1 - off) / stride;
}

/** One past the last output column ox (≤ outW) with ox·stride + off < width. */
// @ts-ignore: decorator
@inline function endInside(off: i32, stride: i32, width: i32, outW: i32): i32 {
  if (off > width - 1) return 0;
  return min(outW, stride == 1 ? width - off : (width - 1 - off) / stride + 1);
}

/**
 * The walk of im2col over rows [r0, r1) of one sample's columns at cols (L floats per row, from
 * row r0) and its image x (C × H × W floats); row r = (c·kH + ki)·kW + kj holds x[c, iy, ix] for
 * every output position, 0 in the padding. `fold` false unfolds (writes the rows, padding
 * included); true folds, the adjoint: adds every entry into the pixel it was read from. Both in
 * the JS reference's order: a pixel receives its terms by row r ascending, so the float32 sums of
 * a fold are the reference col2im's.
 */
function walkRows(j: ConvJob, x: usize, r0: i32, r1: i32, cols: usize, fold: bool): void {
  // the job's fields in locals (loads from the descriptor could not move out of the loop)
  const kW = j.kernelW;
  const kH = j.kernelH;
  const width = j.width;
  const height = j.height;
  const outW = j.outW;
  const outH = j.outH;
  const strideW = j.strideW;
  const strideH = j.strideH;
  const plane = <usize>(height * width) << 2;
  const rowBytes = <usize>outW << 2;
  const colBytes = <usize>outH * rowBytes;
  // stride 1 with as many output columns as the image has: the rows of a tap's valid window
  // follow each other in the image as in the columns, so they move as one run (see blockRows)
  const block = strideW == 1 && strideH == 1 && outW == width;
  // row r = (c·kH + ki)·kW + kj: its tap, stepped along with r (no divisions per row)
  const taps = kH * kW;
  let c = r0 / taps;
  let ki = (r0 - c * taps) / kW;
  let kj = r0 - c * taps - ki * kW;
  let d = cols;
  for (let r = r0; r < r1; r++, d += colBytes) {
    const xOff = kj * j.dilationW - j.padLeft;
    const yOff = ki * j.dilationH - j.padTop;
    const xc = x + <usize>c * plane;
    if (++kj == kW) {
      kj = 0;
      if (++ki == kH) {
        ki = 0;
        c++;
      }
    }
    // the output columns [ox0, ox1) and rows [oy0, oy1) whose pixel is inside the image
    const ox0 = firstInside(xOff, strideW);
    const ox1 = endInside(xOff, strideW, width, outW);
    const oy0 = firstInside(yOff, strideH);
    const oy1 = endInside(yOff, strideH, height, outH);
    if (ox1 <= ox0 || oy1 <= oy0) {
      if (!fold) zeroRun(d, colBytes);
      continue;
    }
    if (!fold) {
      zeroRun(d, <usize>oy0 * rowBytes);
      zeroRun(d + <usize>oy1 * rowBytes, colBytes - <usize>oy1 * rowBytes);
    }
    if (block) {
      const px = xc + (<usize>((oy0 + yOff) * width + xOff) << 2);
      blockRows(d + <usize>oy0 * rowBytes, px, oy1 - oy0, outW, ox0, ox1, fold);
      continue;
    }
    for (let oy = oy0; oy < oy1; oy++) {
      const dr = d + <usize>oy * rowBytes;
      // the pixel of output column ox is at px + ox·strideW (wraps below xc for ox < ox0: unused)
      const px = xc + (<usize>((oy * strideH + yOff) * width + xOff) << 2);
      if (fold) foldRun(dr, px, ox0, ox1, strideW);
      else {
        zeroRun(dr, <usize>ox0 << 2);
        unfoldRun(dr, px, ox0, ox1, strideW);
        zeroRun(dr + (<usize>ox1 << 2), <usize>(outW - ox1) << 2);
      }
    }
  }
}

/**
 * `rows` output rows of one tap at d whose pixels, from px, are image rows exactly as wide (stride
 * 1): column ox of row i reads px + i·width + ox. One run over all of them, from the first valid
 * column of the first row to the last of the last (all inside the image); the columns outside
 * [ox0, ox1), which that run takes from the neighbouring image row, are set to 0: after the run
 * when unfolding, before it in the (scratch) columns when folding, whose pixels then get + 0,
 * which leaves a sum unchanged (a sum that starts at +0 is never −0).
 */
function blockRows(d: usize, px: usize, rows: i32, width: i32, ox0: i32, ox1: i32, fold: bool): void {
  const end = (rows - 1) * width + ox1;
  if (fold) {
    clearEdges(d, rows, width, ox0, ox1);
    foldRun(d, px, ox0, end, 1);
  } else {
    unfoldRun(d, px, ox0, end, 1);
    clearEdges(d, rows, width, ox0, ox1);
  }
}

/** Zero columns [0, ox0) and [ox1, width) of `rows` rows of `width` floats at d. */
// @ts-ignore: decorator
@inline function clearEdges(d: usize, rows: i32, width: i32, ox0: i32, ox1: i32): void {
  const rowBytes = <usize>width << 2;
  for (let i = 0; i < rows; i++) {
    const dr = d + <usize>i * rowBytes;
    for (let ox = 0; ox < ox0; ox++) store<f32>(dr + (<usize>ox << 2), 0);
    for (let ox = ox1; ox < width; ox++) store<f32>(dr + (<usize>ox << 2), 0);
  }
}

/** Zero `bytes` bytes (a multiple of 4) at d: short runs, where memory.fill's call costs more. */
// @ts-ignore: decorator
@inline function zeroRun(d: usize, bytes: usize): void {
  const zero = f32x4.splat(0);
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) v128.store(d + o, zero);
  for (; o < bytes; o += 4) store<f32>(d + o, 0);
}

/** cols[ox] = pixel[ox·stride] for ox in [ox0, ox1); stride 1 four at a time (runs are short: memory.copy's call would cost more). */
// @ts-ignore: decorator
@inline function unfoldRun(d: usize, px: usize, ox0: i32, ox1: i32, stride: i32): void {
  if (stride == 1) {
    const end = <usize>ox1 << 2;
    let o = <usize>ox0 << 2;
    for (; o + 16 <= end; o += 16) v128.store(d + o, v128.load(px + o));
    for (; o < end; o += 4) store<f32>(d + o, load<f32>(px + o));
  } else {
    const step = <usize>stride << 2;
    for (let ox = ox0; ox < ox1; ox++) store<f32>(d + (<usize>ox << 2), load<f32>(px + <usize>ox * step));
  }
}

/** pixel[ox·stride] += cols[ox] for ox in [ox0, ox1): distinct columns are distinct pixels, so four at a time changes no sum's order. */
// @ts-ignore: decorator
@inline function foldRun(s: usize, px: usize, ox0: i32, ox1: i32, stride: i32): void {
  if (stride == 1) {
    const end = <usize>ox1 << 2;
    let o = <usize>ox0 << 2;
    for (; o + 16 <= end; o += 16) v128.store(px + o, f32x4.add(v128.load(px + o), v128.load(s + o)));
    for (; o < end; o += 4) store<f32>(px + o, load<f32>(px + o) + load<f32>(s + o));
  } else {
    const step = <usize>stride << 2;
    for (let ox = ox0; ox < ox1; ox++) {
      const at = px + <usize>ox * step;
      store<f32>(at, load<f32>(at) + load<f32>(s + (<usize>ox << 2)));
    }
  }
}

/** y[n, g] = W[g] · cols[n, g] (+ bias) for every group g of sample n. */
function forwardTask(desc: usize, j: ConvJob, n: i32, scratch: usize): void {
  const groups = j.groups;
  const rows = j.rows;
  const k = (j.channels / groups) * j.kernelH * j.kernelW;
  const l = j.outH * j.outW;
  const x = <usize>j.a + <usize>n * <usize>(j.channels * j.height * j.width) * 4;
  const cols = scratch;
  const gs = scratch + <usize>j.colsBytes;
  for (let g = 0; g < groups; g++) {
    walkRows(j, x, g * k, (g + 1) * k, cols, false);
    const w = <usize>j.b + <usize>(g * rows * k) * 4;
    const y = <usize>j.out + <usize>((n * groups + g) * rows) * <usize>l * 4;
    const tileM = load<i32>(desc + D_TILE_M);
    const tileN = load<i32>(desc + D_TILE_N);
    // B (the columns) read in place: its last row is followed by the GEMM scratch, readable
    gemmTiles(w, cols, y, rows, l, k, k, 1, l, 1, tileM, tileN, load<i32>(desc + D_KC), gs, true);
    if (j.bias == 0) continue;
    // the bias after the product, as the reference adds it: one float32 addition per element
    for (let r = 0; r < rows; r++) {
      const yr = y + <usize>r * <usize>l * 4;
      const bv = load<f32>(<usize>j.bias + (<usize>(g * rows + r) << 2));
      const b4 = f32x4.splat(bv);
      const end = <usize>l << 2;
      let o: usize = 0;
      for (; o + 16 <= end; o += 16) v128.store(yr + o, f32x4.add(v128.load(yr + o), b4));
      for (; o < end; o += 4) store<f32>(yr + o, load<f32>(yr + o) + bv);
    }
  }
}

/** dx[n] = col2im(W[g]ᵀ · dy[n, g]) over the groups of sample n. */
function inputGradTask(desc: usize, j: ConvJob, n: i32, scratch: usize): void {
  const groups = j.groups;
  const rows = j.rows;
  const k = (j.channels / groups) * j.kernelH * j.kernelW;
  const l = j.outH * j.outW;
  const imageBytes = <usize>(j.channels * j.height * j.width) * 4;
  const dx = <usize>j.out + <usize>n * imageBytes;
  const cols = scratch;
  const gs = scratch + <usize>j.colsBytes;
  memory.fill(dx, 0, imageBytes);
  for (let g = 0; g < groups; g++) {
    const w = <usize>j.b + <usize>(g * rows * k) * 4;
    const dy = <usize>j.a + <usize>((n * groups + g) * rows) * <usize>l * 4;
    // op(A) = W[g]ᵀ: element (i, p) = W[g][p, i]
    const tileM = load<i32>(desc + D_TILE_M);
    const tileN = load<i32>(desc + D_TILE_N);
    // B (dy[n, g]) read in place: the job's later operands and scratch follow it, readable
    gemmTiles(w, dy, cols, k, l, rows, 1, k, l, 1, tileM, tileN, load<i32>(desc + D_KC), gs, true);
    walkRows(j, dx, g * k, (g + 1) * k, cols, true);
  }
}

/**
 * Partial sum of chunk `chunk`, group g: Σ over the chunk's samples (ascending) of dy[n, g] [R, L]
 * · cols[n, g]ᵀ [L, K], tile by tile of the output; each tile unfolds only its columns' rows.
 */
function weightGradTask(desc: usize, j: ConvJob, chunk: i32, g: i32, scratch: usize): void {
  const groups = j.groups;
  const rows = j.rows;
  const k = (j.channels / groups) * j.kernelH * j.kernelW;
  const l = j.outH * j.outW;
  const tileM = load<i32>(desc + D_TILE_M);
  const tileN = load<i32>(desc + D_TILE_N);
  const kc = load<i32>(desc + D_KC);
  const imageBytes = <usize>(j.channels * j.height * j.width) * 4;
  const n0 = chunk * j.chunk;
  const n1 = min(j.batch, n0 + j.chunk);
  const out = <usize>j.out + <usize>((chunk * groups + g) * rows * k) * 4;
  const cols = scratch;
  // the GEMM scratch (gemm.ts scratchBytes): the tile buffer, then the packed B strip
  const tb = scratch + <usize>j.colsBytes;
  const pb = tb + ((<usize>(roundUp(tileM, MR) * roundUp(tileN, NR) * 4) + 63) & ~63);
  const rsA = <usize>l << 2;
  for (let i0 = 0; i0 < rows; i0 += tileM) {
    const mt = min(tileM, rows - i0);
    for (let j0 = 0; j0 < k; j0 += tileN) {
      const nt = min(tileN, k - j0);
      const ldt = <usize>roundUp(nt, NR) << 2;
      for (let n = n0; n < n1; n++) {
        walkRows(j, <usize>j.b + <usize>n * imageBytes, g * k + j0, g * k + j0 + nt, cols, false);
        const dy = <usize>j.a + <usize>((n * groups + g) * rows + i0) * rsA;
        // op(B) = colsᵀ: element (p, jj) = cols[jj, p], the columns buffer's rows are L long
        tileTerm(dy, cols, rsA, 4, 4, rsA, l, kc, mt, nt, n == n0, pb, tb, ldt, false);
      }
      if (l > 0) storeTile(tb, ldt, out + (<usize>(i0 * k + j0) << 2), <usize>k << 2, mt, nt);
    }
  }
}

/** Run task t of the conv job (kind ≠ 0) in `desc` with this thread's scratch. */
export function convTask(desc: usize, kind: i32, t: i32, scratch: usize): void {
  const j = changetype<ConvJob>(desc + D_CONV);
  if (kind == 1) forwardTask(desc, j, t, scratch);
  else if (kind == 2) inputGradTask(desc, j, t, scratch);
  else weightGradTask(desc, j, t / j.groups, t % j.groups, scratch);
}
