/**
 * RNNCell, LSTMCell, GRUCell: parameters (keys, shapes, PyTorch's initialization, seeding), batched
 * and unbatched forward, default zero state, agreement with the layers (same step functions), and
 * errors that name the cell, the shapes and the fix. Numerical parity with PyTorch is in
 * recurrent-parity.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DTypeError,
  GRU,
  GRUCell,
  LSTM,
  LSTMCell,
  manualSeed,
  RNN,
  RNNCell,
  Rng,
  randn,
  ShapeError,
  type Tensor,
  ValueError,
  zeros,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';

beforeEach(() => manualSeed(0));

describe('cell parameters', () => {
  it("have PyTorch's keys, stacked-gate shapes and no biases with bias: false", () => {
    for (const [make, gates] of [
      [RNNCell, 1],
      [LSTMCell, 4],
      [GRUCell, 3],
    ] as const) {
      const cell = new make(3, 5);
      expect(cell.namedParameters().map(([k, p]) => [k, p.shape])).toEqual([
        ['weight_ih', [gates * 5, 3]],
        ['weight_hh', [gates * 5, 5]],
        ['bias_ih', [gates * 5]],
        ['bias_hh', [gates * 5]],
      ]);
      expect(Object.keys(new make(3, 5, { bias: false }).stateDict())).toEqual(['weight_ih', 'weight_hh']);
    }
  });

  it('are drawn from U(−1/√H, 1/√H), reproducibly from the seed or the given rng, in the dtype asked', () => {
    const cell = new LSTMCell(4, 16, { dtype: 'float64' });
    expect(cell.weightIh.dtype).toBe('float64');
    for (const p of cell.parameters()) {
      const v = Array.from(p.data as ArrayLike<number>, Math.abs);
      expect(Math.max(...v)).toBeLessThanOrEqual(0.25);
      expect(Math.max(...v)).toBeGreaterThan(0.2);
    }
    manualSeed(7);
    const a = new GRUCell(2, 3);
    manualSeed(7);
    const b = new GRUCell(2, 3);
    expect(a.weightHh.data).toEqual(b.weightHh.data);
    const c = new GRUCell(2, 3, { rng: new Rng(1) });
    const d = new GRUCell(2, 3, { rng: new Rng(1) });
    expect(c.biasHh?.data).toEqual(d.biasHh?.data);
    expect(c.biasHh?.data).not.toEqual(a.biasHh?.data);
  });

  it('reject bad sizes and nonlinearities in the constructor', () => {
    expect(() => new LSTMCell(0, 4)).toThrow(new ValueError('LSTMCell: inputSize must be a positive integer, got 0'));
    expect(() => new GRUCell(3, 2.5)).toThrow(ValueError);
    expect(() => new RNNCell(3, 4, { nonlinearity: 'sigmoid' as 'tanh' })).toThrow(
      "RNNCell: nonlinearity must be 'tanh' or 'relu', got 'sigmoid'",
    );
  });

  it('print their configuration', () => {
    expect(new RNNCell(3, 4, { nonlinearity: 'relu' }).toString()).toContain(
      'RNNCell(3, 4, bias=true, nonlinearity=relu)',
    );
    expect(new LSTMCell(3, 4, { bias: false }).toString()).toContain('LSTMCell(3, 4, bias=false)');
  });
});

describe('cell forward', () => {
  it('maps x [N, F] and state [N, H] to [N, H]; a missing state is zeros', () => {
    const x = randn([2, 3]);
    const rnn = new RNNCell(3, 4);
    expect(rnn.forward(x).shape).toEqual([2, 4]);
    expect(rnn.forward(x).data).toEqual(rnn.forward(x, zeros([2, 4])).data);
    const gru = new GRUCell(3, 4);
    expect(gru.forward(x).data).toEqual(gru.forward(x, zeros([2, 4])).data);
    const lstm = new LSTMCell(3, 4);
    const s = lstm.forward(x);
    expect([s.h.shape, s.c.shape]).toEqual([
      [2, 4],
      [2, 4],
    ]);
    expect(s.h.data).toEqual(lstm.forward(x, { h: zeros([2, 4]), c: zeros([2, 4]) }).h.data);
  });

  it('takes one unbatched sample [F] with a state [H], as PyTorch', () => {
    const x = randn([3]);
    const lstm = new LSTMCell(3, 4);
    const one = lstm.forward(x);
    expect(one.h.shape).toEqual([4]);
    expect(one.h.data).toEqual(lstm.forward(x.unsqueeze(0)).h.data);
    expect(lstm.forward(x, one).c.shape).toEqual([4]);
    expect(new GRUCell(3, 4).forward(x, zeros([4])).shape).toEqual([4]);
  });

  it('unrolled over a sequence, gives the layer’s outputs (the same step functions)', () => {
    const x = randn([2, 5, 3]);
    const steps = (t: number) => x.slice(1, t, t + 1).squeeze(1);
    const cases: Array<[RNNCell | GRUCell | LSTMCell, RNN | GRU | LSTM]> = [
      [new RNNCell(3, 4, { nonlinearity: 'relu' }), new RNN(3, 4, { nonlinearity: 'relu' })],
      [new GRUCell(3, 4), new GRU(3, 4)],
      [new LSTMCell(3, 4), new LSTM(3, 4)],
    ];
    for (const [cell, layer] of cases) {
      const state = Object.fromEntries(Object.entries(cell.stateDict()).map(([k, v]) => [`${k}_l0`, v]));
      layer.loadStateDict(state);
      const { output } = layer.forward(x);
      let s: Tensor | { h: Tensor; c: Tensor } | undefined;
      for (let t = 0; t < 5; t++) {
        s =
          cell instanceof LSTMCell
            ? cell.forward(steps(t), s as { h: Tensor; c: Tensor })
            : cell.forward(steps(t), s as Tensor);
        const h = cell instanceof LSTMCell ? (s as { h: Tensor }).h : (s as Tensor);
        expectClose(h, output.slice(1, t, t + 1).squeeze(1), { rtol: 1e-6 });
      }
    }
  });
});

describe('cell errors', () => {
  const lstm = new LSTMCell(3, 4);

  it('name the cell, the shapes and the fix for a wrong input', () => {
    expect(() => lstm.forward(zeros([2, 5, 3]))).toThrow(
      new ShapeError(
        'LSTMCell(3 → 4): input [2, 5, 3] has 3 dims, expected [N, 3] or [3]; for sequences [N, T, 3] use LSTM, which loops over time',
      ),
    );
    expect(() => lstm.forward(zeros([2, 2]))).toThrow(
      'LSTMCell(3 → 4): input [2, 2] has 2 features, expected [N, 3]; the last dimension must hold the 3 input features',
    );
    expect(() => new GRUCell(3, 4).forward(zeros([3], { dtype: 'bool' }))).toThrow(DTypeError);
  });

  it('name the state, its expected layout and the fix for a wrong state', () => {
    expect(() => lstm.forward(zeros([2, 3]), { h: zeros([2, 4]), c: zeros([2, 5]) })).toThrow(
      new ShapeError(
        'LSTMCell(3 → 4): state.c [2, 5] does not match expected [2, 4] = [N, H]; pass the state a previous call returned, or zeros of that shape',
      ),
    );
    expect(() => new RNNCell(3, 4).forward(zeros([3]), zeros([1, 4]))).toThrow(
      'RNNCell(3 → 4): h [1, 4] does not match expected [4] = [H]',
    );
    expect(() => lstm.forward(zeros([2, 3]), zeros([2, 4]) as unknown as { h: Tensor; c: Tensor })).toThrow(
      'LSTMCell(3 → 4): state must be { h, c }',
    );
  });
});
