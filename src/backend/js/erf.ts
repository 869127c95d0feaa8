/**
 * The error function and its complement in float64, for the exact GELU (JavaScript has no
 * `Math.erf`). W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev
 * approximations for the error function", Math. Comp. 23 (1969) 631–638; Netlib SPECFUN
 * CALERF), accurate to within 1e-15 relative. Three intervals of |x|:
 * [0, 0.46875] erf directly; (0.46875, 4] and (4, ∞) erfc as exp(−x²) times a rational function.
 */

// CALERF's published coefficients (18 digits), written as the float64 values they round to.
// erf(x) = x · A(x²) / B(x²) on |x| ≤ 0.46875
const A = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315];
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
// erfc(y) = exp(−y²) · C(y) / D(y) on 0.46875 < y ≤ 4
const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769, 1712.0476126340707,
  2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
];
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597, 4362.619090143247,
  3439.3676741437216, 1230.3393548037495,
];
// erfc(y) = exp(−y²) / y · (1/√π − P(1/y²) / Q(1/y²)) on y > 4
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 0.0006587491615298378,
  0.016315387137302097,
];
const Q = [2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918];
const ONE_OVER_SQRT_PI = 0.5641895835477563;
/** Beyond this erfc(y) underflows to 0 in float64. */
const XBIG = 26.543;

/** erf(x) for |x| ≤ 0.46875. */
function erfSmall(x: number): number {
  const ysq = x * x;
  let num = (A[4] as number) * ysq;
  let den = ysq;
  for (let i = 0; i < 3; i++) {
    num = (num + (A[i] as number)) * ysq;
    den = (den + (B[i] as number)) * ysq;
  }
  return (x * (num + (A[3] as number))) / (den + (B[3] as number));
}

/** erfc(y) for y > 0.46875. */
function erfcLarge(y: number): number {
  let r: number;
  if (y <= 4) {
    let num = (C[8] as number) * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + (C[i] as number)) * y;
      den = (den + (D[i] as number)) * y;
    }
    r = (num + (C[7] as number)) / (den + (D[7] as number));
  } else {
    if (y >= XBIG) return 0;
    const ysq = 1 / (y * y);
    let num = (P[5] as number) * ysq;
    let den = ysq;
    for (let i = 0; i < 4; i++) {
      num = (num + (P[i] as number)) * ysq;
      den = (den + (Q[i] as number)) * ysq;
    }
    r = (ONE_OVER_SQRT_PI - (ysq * (num + (P[4] as number))) / (den + (Q[4] as number))) / y;
  }
  // exp(−y²) split as exp(−s²)·exp(−(y−s)(y+s)) with s = y rounded down to 1/16: s² is exact,
  // so the rounding error of y² is not amplified by the exponential.
  const s = Math.trunc(y * 16) / 16;
  return Math.exp(-s * s) * Math.exp(-(y - s) * (y + s)) * r;
}

/**
 * The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, in float64 (|error| < 1e-15).
 * @example erf(1) // 0.8427007929497149
 */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (Number.isNaN(x)) return x;
  if (y <= 0.46875) return erfSmall(x);
  const r = 0.5 - erfcLarge(y) + 0.5;
  return x < 0 ? -r : r;
}

/**
 * The complementary error function erfc(x) = 1 − erf(x), accurate in the tail where
 * 1 − erf(x) would cancel to 0 (erfc(10) ≈ 2.09e-45).
 * @example erfc(10) // 2.088487583762545e-45
 */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (Number.isNaN(x)) return x;
  if (y <= 0.46875) return 1 - erfSmall(x);
  const r = erfcLarge(y);
  return x < 0 ? 2 - r : r;
}
