/**
 * Small float32 products of the WASM backend, in plain JS but with exactly the WASM kernel's
 * arithmetic: each C element is, per product and per k-block of kc, a float32 sum from zero over
 * p ascending of float32 products, added to C in float32. So a product gives the same bits whether
 * it ran here or in WASM, and which one runs (a matter of speed) changes no result: a sample's
 * output does not depend on the size of its batch.
 *
 * Float32 emulation: a product or sum of two float32 values computed in float64 and rounded once
 * (`Math.fround`, or a store into a Float32Array) is the correctly rounded float32 result, since
 * float64 has more than 2·24 + 2 bits. The fused build's multiply-add (one rounding of a·b + c) is
 * `fmaf`: a·b is exact in float64, the float64 sum is made round-to-odd with its exact error, and
 * rounding that to float32 is correct (Boldo & Melquiond, "Emulation of FMA and correctly rounded
 * sums: proved algorithms using rounding to odd", IEEE Trans. Computers 57(4), 2008).
 */
import type { GemmSpec } from '../kernels/matmul.js';
import type { BatchPlan } from './gemm.js';
import { KC } from './module.js';

/** The arithmetic to reproduce: fused or not, and the k-block (a WasmRuntime has both). */
export interface GemmArithmetic {
  fused: boolean;
  tiling: { kc: number };
}
const PLAIN: GemmArithmetic = { fused: false, tiling: { kc: KC } };

const { fround } = Math;

// the float64 being made odd, and its two 32-bit words (the low word first on little-endian engines)
const bits64 = new Float64Array(1);
const words = new Uint32Array(bits64.buffer);
const LO = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

/**
 * float32 a·b + c with one rounding, as f32x4.relaxed_madd computes it where it fuses.
 * @example fmaf(1 + 2 ** -23, 1 - 2 ** -23, -1) // -(2 ** -46); unfused it would be 0
 */
export function fmaf(a: number, b: number, c: number): number {
  const p = a * b; // exact: 24 + 24 bits
  const s = p + c;
  const pv = s - c; // TwoSum: err is exactly p + c − s
  const err = p - pv + (c - (s - pv));
  if (err === 0 || Number.isNaN(s)) return fround(s);
  bits64[0] = s;
  const lo = words[LO] as number;
  if ((lo & 1) === 0) {
    // s is even and inexact: round to odd, i.e. step one ulp toward the exact sum
    if (err > 0 === s > 0) words[LO] = lo + 1;
    else if (lo !== 0) words[LO] = lo - 1;
    else {
      words[LO] = 0xffffffff;
      words[HI] = (words[HI] as number) - 1;
    }
    return fround(bits64[0] as number);
  }
  return fround(s);
}

/** float32 c + round(a·b): the plain build's two roundings (the caller's store rounds the sum). */
function madd(a: number, b: number, c: number): number {
  return c + fround(a * b);
}

/**
 * C = Σ op(A)·op(B) over the plan's products, as assembly/gemm.ts computes it: by default as the
 * plain build does, or as `arith` (the runtime) says: fused (`fmaf`) or not, its k-block.
 * @example smallGemm(a, b, spec, batchPlan(spec)) // Float32Array of plan.groups · m · n
 */
export function smallGemm(
  a: Float32Array,
  b: Float32Array,
  spec: GemmSpec,
  plan: BatchPlan,
  arith: GemmArithmetic = PLAIN,
): Float32Array {
  const step = arith.fused ? fmaf : madd;
  const kc = arith.tiling.kc;
  const { m, n, k, transA, transB } = spec;
  const out = new Float32Array(plan.groups * m * n);
  const row = new Float32Array(n);
  // element (i, p) of op(A) is at i·rsA + p·csA; element (p, j) of op(B) at p·rsB + j·csB
  const rsA = transA ? 1 : k;
  const csA = transA ? m : 1;
  const rsB = n; // when B is not transposed
  const csB = k; // when B is transposed
  for (let g = 0; g < plan.groups; g++) {
    const c0 = plan.cOffs[g] as number;
    for (let t = 0; t < plan.terms; t++) {
      const a0 = plan.abOffs[2 * (g * plan.terms + t)] as number;
      const b0 = plan.abOffs[2 * (g * plan.terms + t) + 1] as number;
      for (let pc = 0; pc < k; pc += kc) {
        const pEnd = Math.min(k, pc + kc);
        const first = t === 0 && pc === 0;
        for (let i = 0; i < m; i++) {
          const ai = a0 + i * rsA;
          const ci = c0 + i * n;
          if (transB) {
            // B stored [n, k]: each element is a dot product over contiguous memory
            for (let j = 0; j < n; j++) {
              const bj = b0 + j * csB;
              let sum = 0;
              for (let p = pc; p < pEnd; p++) sum = fround(step(a[ai + p * csA] as number, b[bj + p] as number, sum));
              out[ci + j] = first ? sum : (out[ci + j] as number) + sum;
            }
            continue;
          }
          // B stored [k, n]: walk p outside and a row of sums inside, reading B rows in order
          row.fill(0);
          for (let p = pc; p < pEnd; p++) {
            const aip = a[ai + p * csA] as number;
            const bp = b0 + p * rsB;
            // rounded by the Float32Array store (plain: the float32 add after the rounded product)
            for (let j = 0; j < n; j++) row[j] = step(aip, b[bp + j] as number, row[j] as number);
          }
          if (first) out.set(row, ci);
          else for (let j = 0; j < n; j++) out[ci + j] = (out[ci + j] as number) + (row[j] as number);
        }
      }
    }
  }
  return out;
}
