/** Small modules shared by the nn tests: one with parameters by assignment, one with buffers. */
import { Module, Parameter, type Tensor, tensor, zeros } from '../../src/index.js';

/** y = x · scale + shift, with `shift` removable (set it to null). */
export class Affine extends Module {
  scale = new Parameter(tensor([2, 3]));
  shift: Parameter | null = new Parameter(tensor([1, 1]));
  forward(x: Tensor): Tensor {
    const y = x.mul(this.scale);
    return this.shift === null ? y : y.add(this.shift);
  }
}

/** A parameter with a PyTorch-style key (`weight_ih_l0`), a persistent and a non-persistent buffer. */
export class WithBuffers extends Module {
  weightIhL0 = new Parameter(zeros([2, 2]));
  declare runningMean: Tensor;
  declare cache: Tensor;
  constructor() {
    super();
    this.registerBuffer('running_mean', zeros([2]));
    this.registerBuffer('cache', zeros([1]), { persistent: false });
  }
  forward(x: Tensor): Tensor {
    return x;
  }
}
