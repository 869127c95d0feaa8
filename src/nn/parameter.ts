/**
 * `Parameter`: a tensor marked as a learnable weight of a module, as `torch.nn.Parameter`.
 * Assigning one to a field of a `Module` registers it (see module.ts).
 */
import { Tensor } from '../tensor.js';

/**
 * A learnable weight: a `Tensor` (sharing the given tensor's storage) that requires gradients by
 * default and that a `Module` registers when it is assigned to one of its fields. Freeze it with
 * `p.requiresGrad = false`: it stays a parameter (in `parameters()` and `stateDict()`), it only
 * stops receiving gradients.
 *
 * @param data the initial values (float for a trainable parameter); the storage is shared, not copied
 * @param requiresGrad default true
 * @example
 * import { Module, Parameter, randn, Tensor } from 'neurite';
 * class Scale extends Module {
 *   gain = new Parameter(randn([3]));          // registered as 'gain'
 *   forward(x: Tensor): Tensor { return x.mul(this.gain); }
 * }
 * new Scale().namedParameters().map(([k]) => k); // ['gain']
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    super(data.data, data.shape, requiresGrad);
  }

  /** Prints as PyTorch does: `Parameter containing:` then the tensor. */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
