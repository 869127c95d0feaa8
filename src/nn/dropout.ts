/**
 * `Dropout`: inverted dropout (Srivastava et al., 2014), seeded.
 */
import { rand } from '../creation.js';
import { ValueError } from '../errors.js';
import { expectFloat } from '../ops/define.js';
import { ge, mul, to } from '../ops/index.js';
import { globalRng, type Rng } from '../random.js';
import type { Tensor } from '../tensor.js';
import { Module } from './module.js';

/**
 * Randomly zeroes elements with probability `p` during training and scales the kept ones by
 * 1/(1 − p) (inverted dropout), so that the expected value is unchanged and evaluation needs no
 * rescaling: in eval mode it is the identity. Each kept/dropped decision draws from `rng` (default:
 * the global generator seeded by `manualSeed`), so the same seed drops the same elements.
 *
 * Shapes: any → the same.
 * @param p probability of dropping an element, in [0, 1)
 * @throws ValueError for p outside [0, 1)
 * @example
 * import { Dropout, ones, Rng } from 'neurite';
 * const drop = new Dropout(0.5, { rng: new Rng(1) });
 * drop.forward(ones([8])).toArray(); // each value 0 or 2
 * drop.eval().forward(ones([8]));    // unchanged
 */
export class Dropout extends Module<[Tensor], Tensor> {
  readonly p: number;
  private readonly rng: Rng | undefined;

  constructor(p = 0.5, { rng }: { rng?: Rng } = {}) {
    super();
    if (!(typeof p === 'number' && p >= 0 && p < 1)) {
      throw new ValueError(
        `Dropout: p must be in [0, 1), got ${p}; it is the probability of dropping an element (0.5 is usual)`,
      );
    }
    this.p = p;
    this.rng = rng;
  }

  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    expectFloat('Dropout', x);
    const u = rand(x.shape, { rng: this.rng ?? globalRng, dtype: 'float64' });
    // mask ∈ {0, 1/(1 − p)}: built without gradient, then one differentiable multiply
    const mask = mul(to(ge(u, this.p), x.dtype), 1 / (1 - this.p));
    return mul(x, mask);
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
