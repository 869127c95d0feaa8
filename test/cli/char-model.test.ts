import { describe, expect, it } from 'vitest';
import { CharModel, drawIndex, sampleText } from '../../src/cli/char-model.js';
import { CharVocab, Rng, tensor } from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';

const vocab = CharVocab.fromText('abc de\n');
const make = (cell: 'lstm' | 'gru', numLayers = 1) =>
  new CharModel({ cell, vocabSize: vocab.size, embeddingDim: 4, hidden: 6, numLayers, rng: new Rng(3) });

describe('CharModel', () => {
  it('ids [N, T] → logits [N, T, V]; PyTorch state-dict keys', () => {
    const model = make('lstm');
    const ids = tensor([0, 1, 2, 3, 4, 5], { dtype: 'int32', shape: [2, 3] });
    expect(model.forward(ids).shape).toEqual([2, 3, vocab.size]);
    expect(Object.keys(model.stateDict())).toEqual([
      'embedding.weight',
      'rnn.weight_ih_l0',
      'rnn.weight_hh_l0',
      'rnn.bias_ih_l0',
      'rnn.bias_hh_l0',
      'head.weight',
      'head.bias',
    ]);
  });

  for (const cell of ['lstm', 'gru'] as const) {
    it(`${cell}: running a sequence in two parts with the state carried equals running it whole`, () => {
      const model = make(cell, 2);
      const ids = tensor([0, 3, 1, 5, 2, 4, 6, 1], { dtype: 'int32', shape: [1, 8] });
      const whole = model.run(ids).logits;
      const first = model.run(ids.slice(1, 0, 5));
      const second = model.run(ids.slice(1, 5), first.state).logits;
      expectClose(second, whole.slice(1, 5), { rtol: 1e-5 });
    });
  }
});

describe('sampleText', () => {
  it('returns the prime and `length` characters of the vocabulary, the same for the same seed', () => {
    const model = make('gru');
    const a = sampleText(model, vocab, { prime: 'ab', length: 30, temperature: 1, rng: new Rng(7) });
    const b = sampleText(model, vocab, { prime: 'ab', length: 30, temperature: 1, rng: new Rng(7) });
    const c = sampleText(model, vocab, { prime: 'ab', length: 30, temperature: 1, rng: new Rng(8) });
    expect(a.startsWith('ab')).toBe(true);
    expect(a).toHaveLength(32);
    for (const ch of a) expect(vocab.has(ch)).toBe(true);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(model.training).toBe(false);
    expect(sampleText(model, vocab, { prime: 'e', length: 0, temperature: 0.5, rng: new Rng(1) })).toBe('e');
  });

  it('rejects an empty prime, a temperature <= 0, a bad length and characters outside the vocabulary', () => {
    const model = make('lstm');
    const rng = new Rng(1);
    expect(() => sampleText(model, vocab, { prime: '', length: 5, temperature: 1, rng })).toThrow(/prime must hold/);
    expect(() => sampleText(model, vocab, { prime: 'a', length: 5, temperature: 0, rng })).toThrow(
      /temperature must be > 0, got 0/,
    );
    expect(() => sampleText(model, vocab, { prime: 'a', length: -1, temperature: 1, rng })).toThrow(/length must be/);
    expect(() => sampleText(model, vocab, { prime: 'xyz', length: 5, temperature: 1, rng })).toThrow(/"x"/);
  });
});

describe('drawIndex', () => {
  it('draws with probabilities softmax(scores / temperature)', () => {
    const rng = new Rng(5);
    const scores = [0, Math.log(2), Math.log(7)]; // softmax: 0.1, 0.2, 0.7
    const counts = [0, 0, 0];
    const n = 20000;
    for (let i = 0; i < n; i++) counts[drawIndex(scores, 1, rng)]! += 1;
    expect(counts.map((k) => k / n).map((p) => +p.toFixed(2))).toEqual([0.1, 0.2, 0.7]);
    // temperature 0.5 squares the odds: 1 : 4 : 49
    const sharp = [0, 0, 0];
    for (let i = 0; i < n; i++) sharp[drawIndex(scores, 0.5, rng)]! += 1;
    expect((sharp[2] as number) / n).toBeCloseTo(49 / 54, 1);
  });

  it('a very low temperature picks the largest score; huge scores do not overflow', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 50; i++) expect(drawIndex([1, 3, 2], 1e-3, rng)).toBe(1);
    for (let i = 0; i < 50; i++) expect(drawIndex([1000, -1000, 999], 1, rng)).not.toBe(1);
  });
});
