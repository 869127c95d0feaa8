/**
 * Small float32 products of the WASM backend, in plain JS but with exactly the WASM kernel's
 * arithmetic: each C element is, per product and per k-block of KC, a float32 sum from zero over
 * p ascending of float32 products, added to C in float32. So a product gives the same bits whether
 * it ran here or in WASM, and which one runs (a matter of speed) changes no result: a sample's
 * output does not depend on the size of its batch.
 *
 * Float32 emulation: a product or sum of two float32 values computed in float64 and rounded once
 * (`Math.fround`, or a store into a Float32Array) is the correctly rounded float32 result, since
 * float64 has more than 2·24 + 2 bits.
 */
import type { GemmSpec } from '../kernels/matmul.js';
import type { BatchPlan } from './gemm.js';
import { KC } from './module.js';

const { fround } = Math;

/**
 * C = Σ op(A)·op(B) over the plan's products, as assembly/gemm.ts computes it.
 * @example smallGemm(a, b, spec, batchPlan(spec)) // Float32Array of plan.groups · m · n
 */
export function smallGemm(a: Float32Array, b: Float32Array, spec: GemmSpec, plan: BatchPlan): Float32Array {
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
      for (let pc = 0; pc < k; pc += KC) {
        const pEnd = Math.min(k, pc + KC);
        const first = t === 0 && pc === 0;
        for (let i = 0; i < m; i++) {
          const ai = a0 + i * rsA;
          const ci = c0 + i * n;
          if (transB) {
            // B stored [n, k]: each element is a dot product over contiguous memory
            for (let j = 0; j < n; j++) {
              const bj = b0 + j * csB;
              let sum = 0;
              for (let p = pc; p < pEnd; p++)
                sum = fround(sum + fround((a[ai + p * csA] as number) * (b[bj + p] as number)));
              out[ci + j] = first ? sum : (out[ci + j] as number) + sum;
            }
            continue;
          }
          // B stored [k, n]: walk p outside and a row of sums inside, reading B rows in order
          row.fill(0);
          for (let p = pc; p < pEnd; p++) {
            const aip = a[ai + p * csA] as number;
            const bp = b0 + p * rsB;
            // row[j] + fround(aip · b) in float64, rounded by the Float32Array store: a float32 add
            for (let j = 0; j < n; j++) row[j] = (row[j] as number) + fround(aip * (b[bp + j] as number));
          }
          if (first) out.set(row, ci);
          else for (let j = 0; j < n; j++) out[ci + j] = (out[ci + j] as number) + (row[j] as number);
        }
      }
    }
  }
  return out;
}
