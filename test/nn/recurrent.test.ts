/**
 * RNN, LSTM, GRU beyond the PyTorch fixtures (recurrent-parity.test.ts): output and state shapes
 * (property test), variable-length batches against each sequence run alone, carrying the state
 * across calls, dropout between layers, backpropagation through 500 steps with a graph linear in T,
 * and errors that name the layer, the shapes and the fix.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DTypeError,
  GRU,
  LSTM,
  manualSeed,
  RNN,
  Rng,
  randn,
  resetWarnings,
  ShapeError,
  setWarningHandler,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';

beforeEach(() => manualSeed(0));
afterEach(() => {
  setWarningHandler(null);
  resetWarnings();
});

type Layer = RNN | LSTM | GRU;
const KINDS = { RNN, LSTM, GRU };

/** Forward returning [output, h, c?] whatever the kind. */
function outputsOf(layer: Layer, x: Tensor, lengths?: number[]): Tensor[] {
  const r = layer.forward(x, lengths === undefined ? {} : { lengths });
  return 'c' in r ? [r.output, r.h, r.c as Tensor] : [r.output, r.h];
}

describe('shapes', () => {
  it('output [N, T, D·H]; h and c [numLayers·D, N, H]', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('RNN', 'LSTM', 'GRU'),
        fc.record({
          n: fc.integer({ min: 1, max: 3 }),
          t: fc.integer({ min: 1, max: 4 }),
          f: fc.integer({ min: 1, max: 3 }),
        }),
        fc.record({ h: fc.integer({ min: 1, max: 3 }), layers: fc.integer({ min: 1, max: 3 }), bidi: fc.boolean() }),
        (kind, { n, t, f }, { h, layers, bidi }) => {
          const layer = new KINDS[kind as keyof typeof KINDS](f, h, { numLayers: layers, bidirectional: bidi });
          const d = bidi ? 2 : 1;
          const [output, hn, cn] = outputsOf(layer, randn([n, t, f]));
          expect(output?.shape).toEqual([n, t, d * h]);
          expect(hn?.shape).toEqual([layers * d, n, h]);
          if (kind === 'LSTM') expect(cn?.shape).toEqual([layers * d, n, h]);
          expect(layer.parameters()).toHaveLength(4 * layers * d);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('lengths (packed sequences)', () => {
  it('give each sequence of a padded batch the result of running it alone, zeros past its end', () => {
    const lengths = [4, 1, 3];
    for (const kind of ['RNN', 'LSTM', 'GRU'] as const) {
      const layer = new KINDS[kind](2, 3, { numLayers: 2, bidirectional: true });
      const x = randn([3, 4, 2]);
      const batch = outputsOf(layer, x, lengths);
      lengths.forEach((len, b) => {
        const alone = outputsOf(layer, x.slice(0, b, b + 1).slice(1, 0, len));
        const out = (batch[0] as Tensor).slice(0, b, b + 1);
        expectClose(out.slice(1, 0, len), alone[0] as Tensor, { rtol: 1e-5, label: `${kind} output ${b}` });
        if (len < 4) expect(Array.from(out.slice(1, len).data)).toEqual(new Array((4 - len) * 6).fill(0));
        for (let s = 1; s < batch.length; s++) {
          expectClose((batch[s] as Tensor).slice(1, b, b + 1), alone[s] as Tensor, {
            rtol: 1e-5,
            label: `${kind} state ${b}`,
          });
        }
      });
    }
  });

  it('accept an int32 tensor, and full lengths change nothing', () => {
    const gru = new GRU(2, 3);
    const x = randn([2, 3, 2]);
    const full = gru.forward(x, { lengths: tensor([3, 3], { dtype: 'int32' }) });
    expect(full.output.data).toEqual(gru.forward(x).output.data);
  });

  it('are checked: one per sequence, integers from 1 to T', () => {
    const rnn = new RNN(1, 2);
    const x = zeros([2, 3, 1]);
    expect(() => rnn.forward(x, { lengths: [3] })).toThrow(
      new ShapeError('RNN(1 → 2): 1 lengths given for a batch of 2 sequences; give one per sequence'),
    );
    expect(() => rnn.forward(x, { lengths: [3, 0] })).toThrow(
      "RNN(1 → 2): lengths[1] is 0, expected an integer from 1 to T = 3 (the input's time steps); empty sequences are not supported",
    );
    expect(() => rnn.forward(x, { lengths: [4, 1] })).toThrow(ValueError);
    expect(() => rnn.forward(x, { lengths: [1.5, 1] })).toThrow(ValueError);
    expect(() => rnn.forward(x, { lengths: tensor([1, 2]) })).toThrow('lengths must be an int32 tensor [N]');
  });
});

describe('state', () => {
  it('carries over: two calls with the state in between equal one call over the whole sequence', () => {
    for (const kind of ['RNN', 'LSTM', 'GRU'] as const) {
      const layer = new KINDS[kind](2, 3, { numLayers: 2 });
      const x = randn([2, 5, 2]);
      const whole = layer.forward(x);
      const first = layer.forward(x.slice(1, 0, 2));
      const state = 'c' in first ? { h: first.h, c: first.c as Tensor } : first.h;
      const second = (layer as LSTM).forward(x.slice(1, 2), { state } as { state: { h: Tensor; c: Tensor } });
      expectClose(second.output, whole.output.slice(1, 2), { rtol: 1e-5, label: kind });
      expectClose(second.h, whole.h, { rtol: 1e-5, label: kind });
    }
  });

  it('is checked against [numLayers·D, N, H], naming the layer and the fix', () => {
    const lstm = new LSTM(1, 4, { numLayers: 2, bidirectional: true });
    const x = zeros([3, 5, 1]);
    expect(() => lstm.forward(x, { state: { h: zeros([2, 3, 4]), c: zeros([4, 3, 4]) } })).toThrow(
      new ShapeError(
        'LSTM(1 → 4): state.h [2, 3, 4] does not match expected [4, 3, 4] = [numLayers·D, N, H]; ' +
          'pass the state a previous call returned, or zeros of that shape',
      ),
    );
    expect(() => lstm.forward(x, { state: zeros([4, 3, 4]) as unknown as { h: Tensor; c: Tensor } })).toThrow(
      'LSTM(1 → 4): state must be { h, c }',
    );
    expect(() => new GRU(1, 4).forward(x, { state: zeros([1, 3]) })).toThrow(
      'GRU(1 → 4): state [1, 3] does not match expected [1, 3, 4]',
    );
  });
});

describe('dropout between layers', () => {
  it('drops in training only, reproducibly from the rng, and never after the last layer', () => {
    const build = (dropout: number) => new LSTM(2, 8, { numLayers: 2, dropout, rng: new Rng(3) });
    const x = randn([4, 6, 2]);
    const plain = build(0).forward(x).output;
    const a = build(0.5);
    const b = build(0.5);
    const trainA = a.forward(x).output;
    expect(trainA.data).toEqual(b.forward(x).output.data); // same seed, same masks
    expect(trainA.data).not.toEqual(plain.data);
    expect(a.eval().forward(x).output.data).toEqual(plain.data);
    // One layer has nothing to drop between: the outputs are never zeroed (and a warning says so).
    setWarningHandler(() => {});
    const single = new GRU(2, 8, { dropout: 0.9, rng: new Rng(3) });
    expect(single.forward(x).output.data.every((v) => v !== 0)).toBe(true);
  });
});

describe('backpropagation through time', () => {
  /** The number of tensors on the tape below `root`. */
  function graphSize(root: Tensor): number {
    const seen = new Set<Tensor>([root]);
    const stack = [root];
    while (stack.length > 0) {
      for (const t of (stack.pop() as Tensor).gradFn?.inputs ?? []) {
        if (seen.has(t)) continue;
        seen.add(t);
        stack.push(t);
      }
    }
    return seen.size;
  }

  it('runs over 500 steps without a stack overflow, with a tape linear in T and gradients reaching t = 0', () => {
    const lstm = new LSTM(1, 4, { dtype: 'float64' });
    const run = (steps: number) => {
      const x = randn([2, steps, 1], { dtype: 'float64', requiresGrad: true });
      return { x, loss: lstm.forward(x).output.sum() };
    };
    // Tape size a + b·T: the step from T = 10 to 20 predicts T = 500 exactly.
    const [at10, at20] = [graphSize(run(10).loss), graphSize(run(20).loss)];
    const { x, loss } = run(500);
    expect(graphSize(loss)).toBe(at10 + 49 * (at20 - at10));
    loss.backward();
    const gx = x.grad as Tensor;
    expect(gx.data.every(Number.isFinite)).toBe(true);
    expect(Math.abs(gx.data[0] as number)).toBeGreaterThan(1e-3); // the first step's input
    for (const p of lstm.parameters()) expect(p.grad?.data.every(Number.isFinite)).toBe(true);
  });
});

describe('construction and input errors', () => {
  it('rejects bad hyperparameters, and warns that dropout with one layer does nothing', () => {
    expect(() => new LSTM(1, 0)).toThrow(new ValueError('LSTM: hiddenSize must be a positive integer, got 0'));
    expect(() => new GRU(1, 2, { numLayers: 0 })).toThrow('GRU: numLayers must be a positive integer, got 0');
    expect(() => new RNN(1, 2, { dropout: 1 })).toThrow('RNN: dropout must be in [0, 1), got 1');
    expect(() => new RNN(1, 2, { nonlinearity: 'gelu' as 'relu' })).toThrow(
      "RNN: nonlinearity must be 'tanh' or 'relu'",
    );
    const messages: string[] = [];
    setWarningHandler((m) => messages.push(m));
    new LSTM(1, 2, { dropout: 0.2 });
    expect(messages).toEqual([
      'LSTM: dropout applies between stacked layers only, so with numLayers = 1 dropout=0.2 does nothing',
    ]);
  });

  it('names the layer, the shapes and the fix for a wrong input', () => {
    const lstm = new LSTM(1, 32);
    expect(() => lstm.forward(zeros([32, 10]))).toThrow(
      new ShapeError(
        'LSTM(1 → 32): input [32, 10] has 2 dims, expected [N, T, 1] (batch-first); for one feature use x.unsqueeze(-1)',
      ),
    );
    expect(() => new GRU(3, 4).forward(zeros([10, 3]))).toThrow(
      'GRU(3 → 4): input [10, 3] has 2 dims, expected [N, T, 3] (batch-first); for a single sequence use x.unsqueeze(0)',
    );
    expect(() => lstm.forward(zeros([32, 10, 3]))).toThrow(
      'LSTM(1 → 32): input [32, 10, 3] has 3 features, expected [N, T, 1] (batch-first)',
    );
    expect(() => lstm.forward(zeros([2, 0, 1]))).toThrow('LSTM(1 → 32): input [2, 0, 1] has no time steps (T = 0)');
    expect(() => lstm.forward(zeros([2, 3, 1], { dtype: 'bool' }))).toThrow(DTypeError);
  });

  it('reads weights from the fields, prints its configuration', () => {
    const rnn = new RNN(2, 3, { numLayers: 2, bidirectional: true, nonlinearity: 'relu', bias: false });
    expect(rnn.toString()).toContain('RNN(2, 3, numLayers=2, bias=false, bidirectional=true, nonlinearity=relu)');
    const params = Object.fromEntries(rnn.namedParameters());
    params.weight_hh_l0_reverse?.data.fill(0);
    params.weight_ih_l0_reverse?.data.fill(0);
    expect(rnn.weightIhL0.shape).toEqual([3, 2]);
    const { h } = rnn.forward(randn([1, 3, 2]));
    expect(Array.from(h.slice(0, 1, 2).data)).toEqual([0, 0, 0]); // the zeroed reverse direction
  });
});
