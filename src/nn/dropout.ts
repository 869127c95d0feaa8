/**
 * `Dropout`: inverted dropout (Srivastava et al., 2014), seeded; `Dropout2d`: the same for whole
 * channels of images (Tompson et al., 2015).
 */
import { rand } from '../creation.js';
import { fmtShape, ShapeError, ValueError } from '../errors.js';
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
  protected readonly rng: Rng | undefined;

  constructor(p = 0.5, { rng }: { rng?: Rng } = {}) {
    super();
    if (!(typeof p === 'number' && p >= 0 && p < 1)) {
      const what = this instanceof Dropout2d ? 'a channel' : 'an element';
      throw new ValueError(
        `${this.constructor.name}: p must be in [0, 1), got ${p}; it is the probability of dropping ${what} (0.5 is usual)`,
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

/**
 * Channel dropout, as `torch.nn.Dropout2d` (Tompson et al., 2015): during training each channel of
 * each sample is zeroed as a whole with probability `p` and the kept ones are scaled by 1/(1 − p).
 * Neighbouring pixels of a feature map are strongly correlated, so dropping single pixels (Dropout)
 * barely regularizes convolutions; dropping whole maps does. Eval mode is the identity. Seeded as
 * `Dropout` (`rng`, or the global generator).
 *
 * Shapes: [N, C, H, W] → the same (one decision per (n, c)), or [C, H, W] (one per channel).
 * @throws ValueError for p outside [0, 1)
 * @throws ShapeError for inputs that are not 3-d or 4-d
 * @example
 * import { Dropout2d, ones, Rng } from 'neurite';
 * const drop = new Dropout2d(0.5, { rng: new Rng(1) });
 * drop.forward(ones([2, 4, 3, 3])); // each [3, 3] map all 0 or all 2
 */
export class Dropout2d extends Dropout {
  override forward(x: Tensor): Tensor {
    if (x.ndim !== 3 && x.ndim !== 4) {
      throw new ShapeError(
        `Dropout2d: input shape ${fmtShape(x.shape)} has ${x.ndim} dims, expected [N, C, H, W] or [C, H, W]; ` +
          'use Dropout for inputs without channels',
      );
    }
    if (!this.training || this.p === 0) return x;
    expectFloat('Dropout2d', x);
    // One draw per channel: the mask is [N, C, 1, 1] (or [C, 1, 1]) and broadcasts over H and W.
    const maskShape = [...x.shape.slice(0, -2), 1, 1];
    const u = rand(maskShape, { rng: this.rng ?? globalRng, dtype: 'float64' });
    const mask = mul(to(ge(u, this.p), x.dtype), 1 / (1 - this.p));
    return mul(x, mask);
  }
}
