/**
 * The one source of randomness: a seedable xoshiro128** generator (Blackman & Vigna, 2018,
 * https://prng.di.unimi.it/). Initializers, dropout, shuffling, splits and noise all draw from
 * an `Rng` — the global one that `manualSeed` resets, or one you pass in. Same seed → same
 * numbers, on every platform (only 32-bit integer arithmetic is used to advance the state).
 */

/** splitmix32: spreads one 32-bit seed over the four words of xoshiro's state. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A seedable pseudo-random generator.
 * @example
 * import { Rng } from 'neurite';
 * const rng = new Rng(42);
 * rng.uniform(); // a number in [0, 1)
 * rng.normal();  // a standard normal sample
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** Cached second value of the Box–Muller pair. */
  private spare: number | null = null;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Reset the generator to the stream of `seed` (an integer; non-integers are truncated). */
  seed(seed: number): void {
    const lo = Math.trunc(seed) >>> 0;
    const hi = Math.trunc(seed / 2 ** 32) >>> 0;
    const sm = splitmix32(lo ^ Math.imul(hi, 0x27d4eb2d));
    this.s0 = sm();
    this.s1 = sm();
    this.s2 = sm();
    this.s3 = sm();
    this.spare = null;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    // The two rotations are written out (rotl(x, k) = (x << k) | (x >>> (32 − k))): shuffling a
    // data set calls this twice per sample per epoch, often before V8 has optimized anything.
    const r = Math.imul(this.s1, 5);
    const result = Math.imul(((r << 7) | (r >>> 25)) >>> 0, 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = ((this.s3 << 11) | (this.s3 >>> 21)) >>> 0;
    return result;
  }

  /** A uniform number in [low, high) with 53 random bits. */
  uniform(low = 0, high = 1): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    const u = (a * 67108864 + b) / 9007199254740992;
    return low + (high - low) * u;
  }

  /** A normal sample (Box–Muller), mean `mean`, standard deviation `std`. */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** A uniform integer in [low, high). */
  int(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low));
  }

  /**
   * A random permutation of 0..n-1 (Fisher–Yates): position i swaps with `int(0, i + 1)`, for i
   * from n − 1 down to 1.
   */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      const t = p[i] as number;
      p[i] = p[j] as number;
      p[j] = t;
    }
    return p;
  }

  /** The full state, for checkpoints. */
  getState(): number[] {
    return [this.s0, this.s1, this.s2, this.s3, this.spare ?? Number.NaN];
  }

  /** Restore a state from `getState()`. */
  setState(state: readonly number[]): void {
    [this.s0, this.s1, this.s2, this.s3] = state.map((x) => x >>> 0) as [number, number, number, number];
    const spare = state[4];
    this.spare = spare === undefined || Number.isNaN(spare) ? null : spare;
  }
}

/** The global generator used when no `rng` is passed. */
export const globalRng = new Rng(0);

/**
 * Seed the global generator, like `torch.manual_seed`.
 * @example
 * import { manualSeed, randn } from 'neurite';
 * manualSeed(1); const a = randn([2]);
 * manualSeed(1); const b = randn([2]); // same values as a
 */
export function manualSeed(seed: number): void {
  globalRng.seed(seed);
}
