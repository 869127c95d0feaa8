// AssemblyScript: activation kernels of the WASM backend, 4 lanes at a time over float32 arrays
// in the module's memory (byte offsets; the JS side, ../activation.ts, copies in and out).

/**
 * out = relu(x) over n values: max(x, 0), NaN kept as NaN (f32x4.max propagates it) and −0 → 0,
 * the reference's results.
 */
export function relu(x: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const vectorEnd = <usize>(n & ~3) << 2;
  let i: usize = 0;
  for (; i < vectorEnd; i += 16) v128.store(out + i, f32x4.max(v128.load(x + i), zero));
  const end = <usize>n << 2;
  for (; i < end; i += 4) {
    const v = load<f32>(x + i);
    store<f32>(out + i, v != v || v > 0 ? v : 0);
  }
}

/** out = g where the output y > 0, else 0 (relu's derivative from its output), over n values. */
export function reluGrad(y: usize, g: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const vectorEnd = <usize>(n & ~3) << 2;
  let i: usize = 0;
  for (; i < vectorEnd; i += 16) {
    v128.store(out + i, v128.and(v128.load(g + i), f32x4.gt(v128.load(y + i), zero)));
  }
  const end = <usize>n << 2;
  for (; i < end; i += 4) store<f32>(out + i, load<f32>(y + i) > 0 ? load<f32>(g + i) : 0);
}
