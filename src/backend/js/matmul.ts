/** JS reference matmul kernels: the naive loops kept forever as the oracle. */

import type { TypedArray } from '../../dtype.js';
import { type GemmSpec, gemmOutLength, type MatmulKernels } from '../kernels/matmul.js';
import { like } from './broadcast.js';

/**
 * The textbook triple loop per batch element, C[i][j] = Σ_p op(A)[i][p] · op(B)[p][j], with the
 * sum in float64 (also across summed batch dims) and one rounding to the output type at the end.
 */
function gemm(a: TypedArray, b: TypedArray, spec: GemmSpec): TypedArray {
  const { m, n, k, transA, transB, batch } = spec;
  const acc = new Float64Array(gemmOutLength(spec));
  const nd = batch.shape.length;
  let count = 1;
  for (const d of batch.shape) count *= d;
  const idx = new Array<number>(nd).fill(0);
  let ao = 0;
  let bo = 0;
  let co = 0;
  for (let t = 0; t < count; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = transA ? a[ao + p * m + i] : a[ao + i * k + p];
          const bv = transB ? b[bo + j * k + p] : b[bo + p * n + j];
          s += (av as number) * (bv as number);
        }
        acc[co + i * n + j] = (acc[co + i * n + j] as number) + s;
      }
    }
    // odometer increment of the batch index, moving the three matrix offsets with it
    for (let d = nd - 1; d >= 0; d--) {
      const size = batch.shape[d] as number;
      idx[d] = (idx[d] as number) + 1;
      ao += batch.aStrides[d] as number;
      bo += batch.bStrides[d] as number;
      co += batch.cStrides[d] as number;
      if ((idx[d] as number) < size) break;
      idx[d] = 0;
      ao -= (batch.aStrides[d] as number) * size;
      bo -= (batch.bStrides[d] as number) * size;
      co -= (batch.cStrides[d] as number) * size;
    }
  }
  const out = like(a, acc.length);
  for (let i = 0; i < acc.length; i++) out[i] = acc[i] as number;
  return out;
}

export const jsMatmul: MatmulKernels = { gemm };
