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
