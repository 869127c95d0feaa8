/**
 * Loss modules: each equals the loss op with its options; weight buffers; constructor checks.
 */
import { describe, expect, it } from 'vitest';
import * as nt from '../../src/index.js';
import {
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  HuberLoss,
  KLDivLoss,
  L1Loss,
  MSELoss,
  MultiMarginLoss,
  manualSeed,
  NLLLoss,
  randint,
  randn,
  SmoothL1Loss,
  type Tensor,
  tensor,
  ValueError,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';

describe('loss modules', () => {
  manualSeed(4);
  const logits = randn([6, 4]);
  const labels = randint(0, 4, [6]);
  const probs = nt.sigmoid(randn([6, 4]));
  const binary = randint(0, 2, [6, 4]).to('float32');
  const weight = tensor([1, 2, 0.5, 1]);
  const cases: Array<[string, nt.Module<[Tensor, Tensor], Tensor>, Tensor, Tensor, () => Tensor]> = [
    ['MSELoss', new MSELoss(), logits, probs, () => nt.mseLoss(logits, probs)],
    [
      'L1Loss sum',
      new L1Loss({ reduction: 'sum' }),
      logits,
      probs,
      () => nt.l1Loss(logits, probs, { reduction: 'sum' }),
    ],
    ['HuberLoss', new HuberLoss({ delta: 0.5 }), logits, probs, () => nt.huberLoss(logits, probs, { delta: 0.5 })],
    [
      'SmoothL1Loss',
      new SmoothL1Loss({ beta: 0.3 }),
      logits,
      probs,
      () => nt.smoothL1Loss(logits, probs, { beta: 0.3 }),
    ],
    ['BCELoss', new BCELoss({ weight }), probs, binary, () => nt.binaryCrossEntropy(probs, binary, { weight })],
    [
      'BCEWithLogitsLoss',
      new BCEWithLogitsLoss({ posWeight: weight }),
      logits,
      binary,
      () => nt.binaryCrossEntropyWithLogits(logits, binary, { posWeight: weight }),
    ],
    [
      'CrossEntropyLoss',
      new CrossEntropyLoss({ weight, labelSmoothing: 0.1 }),
      logits,
      labels,
      () => nt.crossEntropy(logits, labels, { weight, labelSmoothing: 0.1 }),
    ],
    [
      'NLLLoss none',
      new NLLLoss({ reduction: 'none' }),
      nt.logSoftmax(logits),
      labels,
      () => nt.nllLoss(nt.logSoftmax(logits), labels, { reduction: 'none' }),
    ],
    [
      'KLDivLoss',
      new KLDivLoss({ reduction: 'batchmean' }),
      nt.logSoftmax(logits),
      nt.softmax(probs),
      () => nt.klDiv(nt.logSoftmax(logits), nt.softmax(probs), { reduction: 'batchmean' }),
    ],
    [
      'MultiMarginLoss',
      new MultiMarginLoss({ p: 2, margin: 0.5 }),
      logits,
      labels,
      () => nt.multiMarginLoss(logits, labels, { p: 2, margin: 0.5 }),
    ],
  ];
  for (const [name, module, input, target, expected] of cases) {
    it(`${name} equals its op`, () => {
      expectClose(module.forward(input, target), expected(), { rtol: 1e-6 });
    });
  }

  it('CrossEntropyLoss with defaults equals crossEntropy and backpropagates', () => {
    const x = randn([5, 3], { requiresGrad: true });
    const y = randint(0, 3, [5]);
    const loss = new CrossEntropyLoss().forward(x, y);
    expect(loss.item()).toBe(nt.crossEntropy(x, y).item());
    loss.backward();
    expect(x.grad?.shape).toEqual([5, 3]);
  });

  it('keeps class weights as buffers in the state dict', () => {
    const ce = new CrossEntropyLoss({ weight });
    expect(Object.keys(ce.stateDict())).toEqual(['weight']);
    expect(ce.parameters()).toEqual([]);
    expect(Object.keys(new CrossEntropyLoss().stateDict())).toEqual([]);
    expect(Object.keys(new BCEWithLogitsLoss({ weight, posWeight: weight }).stateDict())).toEqual([
      'weight',
      'pos_weight',
    ]);
  });

  it('checks options in the constructor', () => {
    expect(() => new MSELoss({ reduction: 'avg' as 'mean' })).toThrow(/MSELoss: unknown reduction 'avg'/);
    expect(() => new HuberLoss({ delta: 0 })).toThrow('HuberLoss: delta must be > 0, got 0');
    expect(() => new SmoothL1Loss({ beta: -1 })).toThrow(ValueError);
    expect(() => new CrossEntropyLoss({ labelSmoothing: 2 })).toThrow(/labelSmoothing must be in \[0, 1\]/);
    expect(() => new MultiMarginLoss({ p: 3 as 1 })).toThrow(/p must be 1 or 2/);
    expect(() => new KLDivLoss({ reduction: 'batchmean' })).not.toThrow();
    expect(() => new L1Loss({ reduction: 'batchmean' as 'mean' })).toThrow(ValueError);
    expect(String(new CrossEntropyLoss())).toBe(
      "CrossEntropyLoss(reduction='mean', ignoreIndex=-100, labelSmoothing=0)",
    );
  });
});
