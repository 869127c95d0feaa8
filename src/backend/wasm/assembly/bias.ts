// AssemblyScript: adding a bias row to a matrix in the module's memory (the JS side: ../gemm.ts,
// which adds `linear`'s bias to C before copying C out).

/** c[i, j] += bias[j] for the m × n float32 matrix at c (byte offsets), 4 lanes at a time. */
export function addRowBias(c: usize, bias: usize, m: i32, n: i32): void {
  const rowBytes = <usize>n << 2;
  const vectorBytes = <usize>(n & ~3) << 2;
  for (let i = 0; i < m; i++) {
    const row = c + <usize>i * rowBytes;
    let j: usize = 0;
    for (; j < vectorBytes; j += 16) v128.store(row + j, f32x4.add(v128.load(row + j), v128.load(bias + j)));
    for (; j < rowBytes; j += 4) store<f32>(row + j, load<f32>(row + j) + load<f32>(bias + j));
  }
}

/**
 * out[j] = Σ_i g[i, j] for the m × n float32 matrix at g (`linear`'s bias gradient): summed in
 * float64 row by row, i ascending, and rounded to float32 once, as the JS reference's `sum` over
 * axis 0, so the same bits. `acc`: n float64 of scratch.
 */
export function colSums(g: usize, m: i32, n: i32, acc: usize, out: usize): void {
  const quads = <usize>(n & ~3);
  const cols = <usize>n;
  for (let j: usize = 0; j < cols; j++) store<f64>(acc + (j << 3), 0);
  for (let i = 0; i < m; i++) {
    const row = g + <usize>i * (cols << 2);
    let j: usize = 0;
    for (; j < quads; j += 4) {
      const v = v128.load(row + (j << 2));
      const a = acc + (j << 3);
      v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v)));
      v128.store(a, f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3))), 16);
    }
    for (; j < cols; j++) store<f64>(acc + (j << 3), load<f64>(acc + (j << 3)) + <f64>load<f32>(row + (j << 2)));
  }
  for (let j: usize = 0; j < cols; j++) store<f32>(out + (j << 2), <f32>load<f64>(acc + (j << 3)));
}
