/**
 * Recurrent layers and cells against PyTorch (`scripts/fixtures/recurrent.py` →
 * `test/fixtures/recurrent.json`): each case loads a PyTorch state dict (strict, keys in PyTorch's
 * order), runs the same input, initial state and lengths, and backpropagates the same upstream
 * gradients; outputs, final states and the gradients of the input, the initial state and every
 * weight must be within 1e-4 relative (|a − b| ≤ 1e-4 · max(|b|, 1e-3)) of PyTorch's float64 answer,
 * in float32 and in float64.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type DType,
  GRU,
  GRUCell,
  LSTM,
  LSTMCell,
  mul,
  RNN,
  RNNCell,
  type RNNNonlinearity,
  sum,
  type Tensor,
  tensor,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';

interface Spec {
  dtype: 'float32' | 'int32';
  shape: number[];
  values: number[];
}
interface Case {
  name: string;
  kind: 'RNN' | 'LSTM' | 'GRU' | 'RNNCell' | 'LSTMCell' | 'GRUCell';
  inputSize: number;
  hiddenSize: number;
  options: { numLayers?: number; bidirectional?: boolean; bias?: boolean; nonlinearity?: RNNNonlinearity };
  stateDict: Record<string, Spec>;
  input: Spec;
  state: { h?: Spec; c?: Spec };
  lengths: number[] | null;
  upstream: Record<string, Spec>;
  outputs: Record<string, Spec>;
  grads: Record<string, Spec>;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/recurrent.json', import.meta.url), 'utf8')) as {
  keys: Record<string, string[]>;
  cases: Case[];
};

const TOL = { rtol: 1e-4 };

function toTensor(s: Spec, dtype?: DType, requiresGrad = false): Tensor {
  return tensor(s.values, { shape: s.shape, dtype: dtype ?? s.dtype, requiresGrad });
}

type AnyRecurrent = RNN | LSTM | GRU | RNNCell | LSTMCell | GRUCell;

function build(c: Case, dtype: DType): AnyRecurrent {
  const o = { ...c.options, dtype };
  const make = { RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell }[c.kind];
  return new make(c.inputSize, c.hiddenSize, o);
}

/** Run a case's forward; returns the outputs by the fixture's names and the leaves by grad name. */
function run(c: Case, model: AnyRecurrent, dtype: DType) {
  const x = toTensor(c.input, dtype, true);
  const h0 = c.state.h && toTensor(c.state.h, dtype, true);
  const c0 = c.state.c && toTensor(c.state.c, dtype, true);
  const leaves: Record<string, Tensor> = { input: x, ...(h0 && { h0 }), ...(c0 && { c0 }) };
  let outs: Record<string, Tensor>;
  if (model instanceof LSTM) {
    const state = h0 && c0 ? { h: h0, c: c0 } : undefined;
    const r = model.forward(x, { ...(state && { state }), ...(c.lengths && { lengths: c.lengths }) });
    outs = { output: r.output, h: r.h, c: r.c };
  } else if (model instanceof RNN || model instanceof GRU) {
    const r = model.forward(x, { ...(h0 && { state: h0 }), ...(c.lengths && { lengths: c.lengths }) });
    outs = { output: r.output, h: r.h };
  } else if (model instanceof LSTMCell) {
    outs = { ...model.forward(x, h0 && c0 ? { h: h0, c: c0 } : undefined) };
  } else {
    outs = { h: model.forward(x, h0) };
  }
  return { outs, leaves };
}

describe('PyTorch parity: recurrent layers and cells', () => {
  for (const c of fixture.cases) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${c.name} in ${dtype}: outputs, final states and every gradient`, () => {
        const model = build(c, dtype);
        expect(Object.keys(model.stateDict())).toEqual(Object.keys(c.stateDict));
        const state = Object.fromEntries(Object.entries(c.stateDict).map(([k, s]) => [k, toTensor(s)]));
        expect(model.loadStateDict(state)).toEqual({ missingKeys: [], unexpectedKeys: [] });
        const { outs, leaves } = run(c, model, dtype);
        expect(Object.keys(outs).sort()).toEqual(Object.keys(c.outputs).sort());
        let loss: Tensor | null = null;
        for (const [k, out] of Object.entries(outs)) {
          expect(out.dtype, k).toBe(dtype);
          expectClose(out, toTensor(c.outputs[k] as Spec), { ...TOL, label: k });
          const term = sum(mul(out, toTensor(c.upstream[k] as Spec, dtype)));
          loss = loss === null ? term : loss.add(term);
        }
        (loss as Tensor).backward();
        const grads: Record<string, Tensor | null> = {
          ...Object.fromEntries(Object.entries(leaves).map(([k, t]) => [k, t.grad])),
          ...Object.fromEntries(model.namedParameters().map(([k, p]) => [k, p.grad])),
        };
        expect(Object.keys(grads).sort()).toEqual(Object.keys(c.grads).sort());
        for (const [k, g] of Object.entries(grads)) {
          expect(g, k).not.toBeNull();
          expectClose(g as Tensor, toTensor(c.grads[k] as Spec), { ...TOL, label: `grad ${k}` });
        }
      });
    }
  }

  it("lists PyTorch's parameter keys in PyTorch's order", () => {
    for (const [name, keys] of Object.entries(fixture.keys)) {
      const m = /^(\w+) numLayers=(\d) bidirectional=(\w+) bias=(\w+)$/.exec(name) as RegExpExecArray;
      const make = { RNN, LSTM, GRU }[m[1] as 'RNN' | 'LSTM' | 'GRU'];
      const layer = new make(2, 3, { numLayers: Number(m[2]), bidirectional: m[3] === 'True', bias: m[4] === 'True' });
      const names = layer.namedParameters().map(([k]) => k);
      expect(names, name).toEqual(keys);
    }
  });
});
