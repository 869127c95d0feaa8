// AssemblyScript: optimizer updates over one parameter, in place, 4 lanes at a time (see
// ../../kernels/optim.ts for the formula). Every operation is a plain float32 SIMD operation
// (no fused multiply-add, in either build), so the JS reference reproduces the bits exactly.

/**
 * Adam / AdamW over n float32 values at p (param), g (grad), m and v (byte offsets), updating p, m
 * and v. The scalars are AdamScalars' fields, rounded to float32 by the caller.
 */
export function adamStep(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  beta1: f32,
  oneMinusBeta1: f32,
  beta2: f32,
  oneMinusBeta2: f32,
  stepSize: f32,
  bias2Sqrt: f32,
  eps: f32,
  gradScale: f32,
  l2: f32,
  decay: f32,
): void {
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(oneMinusBeta2);
  const lr = f32x4.splat(stepSize);
  const bias = f32x4.splat(bias2Sqrt);
  const e = f32x4.splat(eps);
  const s = f32x4.splat(gradScale);
  const w = f32x4.splat(l2);
  const d = f32x4.splat(decay);
  const vectorEnd = <usize>(n & ~3) << 2;
  let i: usize = 0;
  for (; i < vectorEnd; i += 16) {
    const pi = v128.load(p + i);
    const gi = f32x4.add(f32x4.mul(v128.load(g + i), s), f32x4.mul(w, pi));
    const mi = f32x4.add(f32x4.mul(b1, v128.load(m + i)), f32x4.mul(c1, gi));
    const vi = f32x4.add(f32x4.mul(b2, v128.load(v + i)), f32x4.mul(f32x4.mul(c2, gi), gi));
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vi), bias), e);
    v128.store(m + i, mi);
    v128.store(v + i, vi);
    v128.store(p + i, f32x4.sub(f32x4.mul(pi, d), f32x4.div(f32x4.mul(lr, mi), denom)));
  }
  const end = <usize>n << 2;
  for (; i < end; i += 4) {
    const pi = load<f32>(p + i);
    const gi = load<f32>(g + i) * gradScale + l2 * pi;
    const mi = beta1 * load<f32>(m + i) + oneMinusBeta1 * gi;
    const vi = beta2 * load<f32>(v + i) + oneMinusBeta2 * gi * gi;
    const denom = sqrt<f32>(vi) / bias2Sqrt + eps;
    store<f32>(m + i, mi);
    store<f32>(v + i, vi);
    store<f32>(p + i, pi * decay - (stepSize * mi) / denom);
  }
}
