/**
 * The workload registry, in run order. W2–W5 (Fashion-MNIST MLP and CNN, LSTM, GAN) are added here,
 * one file each, once the library has those layers.
 */
import { w0 } from './w0-overhead.js';
import { w1 } from './w1-iris.js';
import { w2 } from './w2-fmnist-mlp.js';
import { w3 } from './w3-fmnist-cnn.js';
import { w4 } from './w4-lstm.js';
import { w5 } from './w5-gan.js';
import { w6 } from './w6-sgemm.js';
import type { Workload } from './workload.js';

/** Every workload the harness knows. */
export const WORKLOADS: readonly Workload[] = [w0, w1, w2, w3, w4, w5, w6];

/**
 * The workloads to run: all, or those named by `--only` (unknown ids are an error).
 * @example selectWorkloads(['W6']).map((w) => w.id) // ['W6']
 */
export function selectWorkloads(only?: readonly string[], all: readonly Workload[] = WORKLOADS): Workload[] {
  if (only === undefined) return [...all];
  const unknown = only.filter((id) => !all.some((w) => w.id === id));
  if (unknown.length > 0) {
    throw new Error(`unknown workload ${unknown.join(', ')}; known: ${all.map((w) => w.id).join(', ')}`);
  }
  return all.filter((w) => only.includes(w.id));
}
