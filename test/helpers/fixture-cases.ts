/**
 * Load the cases of a fixture written by scripts/fixtures/fixturelib.py (`write_fixture`): one op
 * call per case with its inputs, options, PyTorch's outputs, the upstream gradients and the
 * inputs' gradients.
 */
import { readFileSync } from 'node:fs';
import { type DType, type Tensor, tensor } from '../../src/index.js';

/** A tensor as the fixtures write it. */
export interface Spec {
  dtype: 'float32' | 'int32' | 'bool';
  shape: number[];
  values: number[];
}

/** One case of `write_fixture`. */
export interface FixtureCase {
  op: string;
  k: number;
  inputs: Record<string, Spec>;
  options: Record<string, unknown>;
  outputs: Spec[];
  upstream: Array<Spec | null>;
  grads: Record<string, Spec>;
}

/** The cases of test/fixtures/<name>.json. */
export function loadCases(name: string): FixtureCase[] {
  const text = readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8');
  return (JSON.parse(text) as { cases: FixtureCase[] }).cases;
}

/** A spec as a tensor; float specs in `floatDType` (they hold float32 values, exact in both). */
export function specTensor(s: Spec, floatDType: DType = 'float32', requiresGrad = false): Tensor {
  const dtype = s.dtype === 'float32' ? floatDType : s.dtype;
  return tensor(s.values, { shape: s.shape, dtype, requiresGrad });
}
