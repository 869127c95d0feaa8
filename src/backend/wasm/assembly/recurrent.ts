// AssemblyScript: the forward pass of one LSTM step's gates and state update, 4 units at a time
// (the JS side: ../recurrent.ts; the formulas: ../../kernels/recurrent.ts). σ and tanh come from
// one float32 exp polynomial (Cephes' expf, ~1 ulp) instead of the engine's float64 Math.exp, so
// results agree with the JS reference to a few float32 ulps, not bit for bit. `lstmSequence` runs
// a whole direction's steps (the recurrent product and the cell) in one call.
import { gemmTiles } from './gemm';

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;

/** e^x for each lane, x clamped to [−87.3, 88.3] (e^x then stays a normal float32). */
// @ts-ignore: decorator
@inline function exp4(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.3)), f32x4.splat(88.3));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI))), f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  // 2ⁿ from the exponent bits
  const pow2 = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2);
}

/** σ(x) = 1/(1 + e^(−x)) as (x ≥ 0 ? 1 : e)/(1 + e) with e = e^(−|x|): no overflow. */
// @ts-ignore: decorator
@inline function sigmoid4(x: v128): v128 {
  const e = exp4(f32x4.neg(f32x4.abs(x)));
  const one = f32x4.splat(1);
  return f32x4.div(v128.bitselect(one, e, f32x4.ge(x, f32x4.splat(0))), f32x4.add(one, e));
}

/**
 * tanh(x): an odd polynomial below |x| = 0.625 (Cephes' tanhf, where 1 − e^(−2|x|) would cancel),
 * sign(x)·(1 − e)/(1 + e) with e = e^(−2|x|) above.
 */
// @ts-ignore: decorator
@inline function tanh4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const e = exp4(f32x4.mul(ax, f32x4.splat(-2)));
  const one = f32x4.splat(1);
  const large = f32x4.div(f32x4.sub(one, e), f32x4.add(one, e));
  const signed = v128.or(large, v128.and(x, i32x4.splat(0x80000000))); // copy x's sign
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.625)));
}

/**
 * One LSTM step over n rows of h units (h a multiple of 4), float32 at byte offsets:
 * pre = xg + hg + bias ([n, 4h] each row, bias [4h]); gates ← (σ, σ, tanh, σ) of pre's blocks
 * i, f, g, o; cOut = f·c + i·g; tanhC = tanh(cOut); hOut = o·tanhC.
 */
export function lstmCell(
  xg: usize,
  hg: usize,
  bias: usize,
  c: usize,
  gates: usize,
  cOut: usize,
  tanhC: usize,
  hOut: usize,
  n: i32,
  h: i32,
): void {
  const block = <usize>h << 2; // bytes of one gate block
  for (let row = 0; row < n; row++) {
    const g0 = <usize>row * 4 * block;
    const s0 = <usize>row * block;
    for (let j: usize = 0; j < block; j += 16) {
      const a = g0 + j;
      const pi = f32x4.add(f32x4.add(v128.load(xg + a), v128.load(hg + a)), v128.load(bias + j));
      const pf = f32x4.add(f32x4.add(v128.load(xg + a + block), v128.load(hg + a + block)), v128.load(bias + j + block));
      const pg = f32x4.add(
        f32x4.add(v128.load(xg + a + 2 * block), v128.load(hg + a + 2 * block)),
        v128.load(bias + j + 2 * block),
      );
      const po = f32x4.add(
        f32x4.add(v128.load(xg + a + 3 * block), v128.load(hg + a + 3 * block)),
        v128.load(bias + j + 3 * block),
      );
      const i = sigmoid4(pi);
      const f = sigmoid4(pf);
      const g = tanh4(pg);
      const o = sigmoid4(po);
      v128.store(gates + a, i);
      v128.store(gates + a + block, f);
      v128.store(gates + a + 2 * block, g);
      v128.store(gates + a + 3 * block, o);
      const cNext = f32x4.add(f32x4.mul(f, v128.load(c + s0 + j)), f32x4.mul(i, g));
      const t = tanh4(cNext);
      v128.store(cOut + s0 + j, cNext);
      v128.store(tanhC + s0 + j, t);
      v128.store(hOut + s0 + j, f32x4.mul(o, t));
    }
  }
}

/**
 * All steps of one LSTM direction, float32 at byte offsets: per step t (T−1 down to 0 when
 * `reverse`), hg = h·W_hhᵀ by `gemmTiles` (the GEMM the JS side runs for that product, so the same
 * bits), then `lstmCell` on xProj's step t. Every step's h, c′, gates and tanh(c′) are stored in
 * slot t of hs, cs ([T, n, h]), gates ([T, n, 4h]) and tanhC; the first step reads h0 and c0.
 * `hg` ([n, 4h]) and `scratch` (the GEMM's) are working space.
 */
export function lstmSequence(
  xProj: usize,
  steps: i32,
  n: i32,
  h: i32,
  wHh: usize,
  bias: usize,
  h0: usize,
  c0: usize,
  hs: usize,
  cs: usize,
  gates: usize,
  tanhC: usize,
  hg: usize,
  reverse: bool,
  tileM: i32,
  tileN: i32,
  kc: i32,
  scratch: usize,
): void {
  const wide = <usize>(n * 4 * h) << 2;
  const narrow = <usize>(n * h) << 2;
  let hPrev = h0;
  let cPrev = c0;
  for (let i = 0; i < steps; i++) {
    const t = <usize>(reverse ? steps - 1 - i : i);
    // [n, h]·[h, 4h]: W_hh is stored [4h, h] and read transposed (rsB = 1, csB = h)
    gemmTiles(hPrev, wHh, hg, n, 4 * h, h, h, 1, 1, h, tileM, tileN, kc, scratch, false);
    lstmCell(xProj + t * wide, hg, bias, cPrev, gates + t * wide, cs + t * narrow, tanhC + t * narrow, hs + t * narrow, n, h);
    hPrev = hs + t * narrow;
    cPrev = cs + t * narrow;
  }
}

/**
 * One LSTM step's backward (the JS reference's `lstmCellBackward`) over n rows of h units, float32
 * at byte offsets: from dh′ (`gh`; zeros when `ghNull`) and dc′ (`dcIn`; zeros when `dcNull`), the
 * step's incoming c, its gates and tanh(c′), d pre → `dPre` ([n, 4h]) and dc → `dcOut` ([n, h], may
 * be `dcIn`: each element is read before it is written). Computed in float64 in the reference's
 * order of operations and rounded once per stored value, so the same bits.
 */
function lstmCellBackward(
  gh: usize,
  ghNull: bool,
  dcIn: usize,
  dcNull: bool,
  c: usize,
  gates: usize,
  tanhC: usize,
  dPre: usize,
  dcOut: usize,
  n: i32,
  h: i32,
): void {
  const block = <usize>h << 2;
  for (let row = 0; row < n; row++) {
    const g0 = <usize>row * 4 * block;
    const s0 = <usize>row * block;
    for (let j: usize = 0; j < block; j += 4) {
      const a = g0 + j;
      const s = s0 + j;
      const i = <f64>load<f32>(gates + a);
      const f = <f64>load<f32>(gates + a + block);
      const gv = <f64>load<f32>(gates + a + 2 * block);
      const ov = <f64>load<f32>(gates + a + 3 * block);
      const t = <f64>load<f32>(tanhC + s);
      const dh: f64 = ghNull ? 0 : <f64>load<f32>(gh + s);
      // dc′ from both paths: the next step's c, and h′ = o ⊙ tanh(c′)
      const dcTotal = (dcNull ? 0 : <f64>load<f32>(dcIn + s)) + dh * ov * (1 - t * t);
      store<f32>(dPre + a, <f32>(dcTotal * gv * i * (1 - i)));
      store<f32>(dPre + a + block, <f32>(dcTotal * <f64>load<f32>(c + s) * f * (1 - f)));
      store<f32>(dPre + a + 2 * block, <f32>(dcTotal * i * (1 - gv * gv)));
      store<f32>(dPre + a + 3 * block, <f32>(dh * t * ov * (1 - ov)));
      store<f32>(dcOut + s, <f32>(dcTotal * f));
    }
  }
}

/**
 * The backward pass of `lstmSequence`'s steps, float32 at byte offsets, the steps in reverse of the
 * forward order: dh′ = gHs's slot t (if `gHs` ≠ 0) plus the dh carried from the later step, the
 * cell's backward into slot t of `dPre` ([T, n, 4h]) with the carried dc, then dh = d preₜ·W_hh by
 * `gemmTiles` (as the JS side's gemm, so the same bits), skipped after the first step unless
 * `needH0`. `dh` and `dc` ([n, h]) come in holding the gradients of the last step's h and c when
 * `dhIn` / `dcIn` (else they are treated as zeros) and leave holding h0's and c0's; `gh` ([n, h]) and
 * `scratch` are working space. `cs`, `gates`, `tanhC`: the forward's results, step t in slot t.
 * Returns 1 when `dh` holds h0's gradient, 0 when nothing reached it.
 */
export function lstmSequenceBackward(
  gHs: usize,
  steps: i32,
  n: i32,
  h: i32,
  wHh: usize,
  c0: usize,
  cs: usize,
  gates: usize,
  tanhC: usize,
  dPre: usize,
  dh: usize,
  dhIn: bool,
  dc: usize,
  dcIn: bool,
  gh: usize,
  reverse: bool,
  needH0: bool,
  tileM: i32,
  tileN: i32,
  kc: i32,
  scratch: usize,
): i32 {
  const wide = <usize>(n * 4 * h) << 2;
  const narrow = <usize>(n * h) << 2;
  let dhValid = dhIn;
  let dcValid = dcIn;
  for (let i = steps - 1; i >= 0; i--) {
    const t = <usize>(reverse ? steps - 1 - i : i);
    // the gradient reaching this step's h: from the layer's output, the later step, or both
    let from = dh;
    let none = !dhValid;
    if (gHs != 0) {
      const out = gHs + t * narrow;
      if (dhValid) {
        for (let e: usize = 0; e < narrow; e += 4) {
          store<f32>(gh + e, <f32>(<f64>load<f32>(out + e) + <f64>load<f32>(dh + e)));
        }
        from = gh;
      } else from = out;
      none = false;
    }
    // the state c this step started from: c0, or the c of the step before it in forward order
    const before = <usize>(reverse ? steps - i : i - 1);
    const cIn = i == 0 ? c0 : cs + before * narrow;
    lstmCellBackward(from, none, dc, !dcValid, cIn, gates + t * wide, tanhC + t * narrow, dPre + t * wide, dc, n, h);
    dcValid = true;
    dhValid = i > 0 || needH0;
    // d pre [n, 4h]·W_hh [4h, h]
    if (dhValid) gemmTiles(dPre + t * wide, wHh, dh, n, h, 4 * h, 4 * h, 1, h, 1, tileM, tileN, kc, scratch, false);
  }
  return dhValid ? 1 : 0;
}
