/**
 * The random orthogonal matrix behind `init.orthogonal`: QR of a Gaussian matrix by Householder
 * reflections in float64. An initializer runs once per weight on a small matrix, so this is a plain
 * routine here rather than a backend kernel.
 */
import type { Rng } from '../random.js';

/**
 * A rows × cols (row-major) matrix with orthonormal rows (rows ≤ cols) or columns (rows > cols),
 * as PyTorch's orthogonal_: Q of the QR of N(0, 1) samples (transposed when rows < cols), each
 * column of Q multiplied by the sign of R's diagonal so that the result is unique.
 */
export function orthogonalMatrix(rows: number, cols: number, rng: Rng): Float64Array {
  const a = new Float64Array(rows * cols);
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  const wide = rows < cols;
  const m = wide ? cols : rows; // M is m × n with m ≥ n
  const n = wide ? rows : cols;
  const r = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) r[i * n + j] = wide ? (a[j * cols + i] as number) : (a[i * cols + j] as number);
  }
  const q = householderQ(r, m, n);
  if (!wide) return q;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = q[j * n + i] as number;
  return out;
}

/** Thin Q (m × n) of the QR of `r` (m × n, overwritten by R), columns signed so that diag(R) > 0. */
function householderQ(r: Float64Array, m: number, n: number): Float64Array {
  const vs: Array<Float64Array | null> = [];
  const diag = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += (r[i * n + k] as number) ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) {
      vs.push(null);
      continue;
    }
    const x0 = r[k * n + k] as number;
    const alpha = x0 > 0 ? -norm : norm; // reflect away from x0 so that v does not cancel
    const v = new Float64Array(m - k);
    v[0] = x0 - alpha;
    for (let i = k + 1; i < m; i++) v[i - k] = r[i * n + k] as number;
    reflect(r, v, k, m, n);
    diag[k] = alpha;
    vs.push(v);
  }
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k];
    if (v !== null && v !== undefined) reflect(q, v, k, m, n);
  }
  for (let j = 0; j < n; j++) {
    if ((diag[j] as number) < 0) for (let i = 0; i < m; i++) q[i * n + j] = -(q[i * n + j] as number);
  }
  return q;
}

/** Apply H = I − 2vvᵀ/(vᵀv), acting on rows k…m−1, to every column of the m × n matrix `x`. */
function reflect(x: Float64Array, v: Float64Array, k: number, m: number, n: number): void {
  let vv = 0;
  for (let i = 0; i < v.length; i++) vv += (v[i] as number) ** 2;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = k; i < m; i++) s += (v[i - k] as number) * (x[i * n + j] as number);
    const f = (2 * s) / vv;
    for (let i = k; i < m; i++) x[i * n + j] = (x[i * n + j] as number) - f * (v[i - k] as number);
  }
}
