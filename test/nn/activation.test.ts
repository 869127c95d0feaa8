/**
 * Activation modules: each equals the op it wraps, with its configuration; constructor checks.
 */
import { describe, expect, it } from 'vitest';
import * as nt from '../../src/index.js';
import {
  ELU,
  GELU,
  Hardtanh,
  LeakyReLU,
  LogSoftmax,
  ReLU,
  Softmax,
  Softplus,
  Tanh,
  type Tensor,
  tensor,
  ValueError,
} from '../../src/index.js';

describe('activation modules', () => {
  const x = tensor([[-3, -1, -0.25, 0, 0.5, 2, 7]]);
  const cases: Array<[nt.Module<[Tensor], Tensor>, (t: Tensor) => Tensor]> = [
    [new ReLU(), nt.relu],
    [new Tanh(), nt.tanh],
    [new nt.Sigmoid(), nt.sigmoid],
    [new LeakyReLU(0.2), (t) => nt.leakyRelu(t, 0.2)],
    [new LeakyReLU(), (t) => nt.leakyRelu(t, 0.01)],
    [new ELU(0.5), (t) => nt.elu(t, 0.5)],
    [new nt.SELU(), nt.selu],
    [new GELU(), (t) => nt.gelu(t)],
    [new GELU({ approximate: 'tanh' }), (t) => nt.gelu(t, 'tanh')],
    [new Softplus(2, 5), (t) => nt.softplus(t, 2, 5)],
    [new nt.Softsign(), nt.softsign],
    [new nt.SiLU(), nt.silu],
    [new nt.Mish(), nt.mish],
    [new nt.Hardsigmoid(), nt.hardSigmoid],
    [new Hardtanh(-2, 2), (t) => nt.hardTanh(t, -2, 2)],
    [new nt.ReLU6(), nt.relu6],
    [new Softmax(), (t) => nt.softmax(t, -1)],
    [new Softmax(0), (t) => nt.softmax(t, 0)],
    [new LogSoftmax(), (t) => nt.logSoftmax(t, -1)],
  ];
  for (const [module, op] of cases) {
    it(`${module.constructor.name}(${module.extraRepr()}) equals its op`, () => {
      expect(module.forward(x).data).toEqual(op(x).data);
      expect(module.parameters()).toEqual([]);
    });
  }

  it('validates their configuration', () => {
    expect(() => new Hardtanh(1, -1)).toThrow('Hardtanh: minVal (1) must be less than maxVal (-1)');
    expect(() => new GELU({ approximate: 'fast' as 'tanh' })).toThrow(/approximate must be 'none' or 'tanh'/);
    expect(() => new LeakyReLU(Number.NaN)).toThrow(ValueError);
    expect(() => new Softmax(0.5)).toThrow(/axis must be an integer/);
    expect(String(new LeakyReLU(0.2))).toBe('LeakyReLU(negativeSlope=0.2)');
  });
});
