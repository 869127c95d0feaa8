/**
 * W0 per-op overhead: `c = a + b` on two 4-element float32 tensors, with the result read back to
 * JavaScript (tfjs: `dataSync()` then `dispose()`; neurite: its `data` array) and without (dispatch
 * only). 2,000 warm-up calls, then 3 × 20,000 timed calls; the figure is the median µs per call.
 */
import { loadNeurite } from '../lib/neurite.js';
import { median } from '../lib/stats.js';
import { loadTfjs } from '../lib/tfjs.js';
import { perCallMicros } from '../lib/timing.js';
import type { ChildResult, Measurement, Variant } from '../lib/types.js';
import {
  type BenchEnv,
  neuriteVariants,
  type RunOptions,
  tfjsVariants,
  torchVariants,
  type Workload,
} from './workload.js';

const WARMUP = 2000;
const CALLS = 20000;
const REPS = 3;
const A = [1, 2, 3, 4];
const B = [0.5, -1, 2.5, 8];

/** The two cases, as functions returning a number to sink. */
interface Calls {
  readback: () => number;
  dispatch: () => number;
}

function measure(calls: Calls, reps: number): Measurement[] {
  const out: Measurement[] = [];
  for (const [name, fn] of [
    ['add + readback', calls.readback],
    ['add, dispatch only', calls.dispatch],
  ] as const) {
    const samples = perCallMicros(fn, { warmup: WARMUP, reps, calls: CALLS });
    out.push({ case: name, value: median(samples), unit: 'µs/op', better: 'lower', samples });
  }
  return out;
}

async function neuriteCalls(variant: Variant): Promise<{ calls: Calls; info: ChildResult['info'] }> {
  const { nn, info } = await loadNeurite(variant.backend ?? 'js', variant.threads);
  const a = nn.tensor(new Float32Array(A));
  const b = nn.tensor(new Float32Array(B));
  return {
    info,
    calls: {
      // neurite's storage is a JavaScript typed array: reading it back is reading `data`.
      readback: () => nn.add(a, b).data[3]!,
      dispatch: () => nn.add(a, b).shape.length,
    },
  };
}

async function tfjsCalls(variant: Variant): Promise<{ calls: Calls; info: ChildResult['info'] }> {
  const { tf, info } = await loadTfjs(variant.backend ?? 'cpu');
  const a = tf.tensor1d(A, 'float32');
  const b = tf.tensor1d(B, 'float32');
  return {
    info,
    calls: {
      readback: () => {
        const c = tf.add(a, b);
        const v = c.dataSync()[3]!;
        c.dispose();
        return v;
      },
      dispatch: () => {
        const c = tf.add(a, b);
        c.dispose();
        return 1;
      },
    },
  };
}

/** W0, see the file comment. */
export const w0: Workload = {
  id: 'W0',
  title: 'per-op overhead: add of two 4-element float32 tensors (2,000 warm-up, 3 × 20,000 calls, median)',
  variants: (env: BenchEnv) => [
    ...neuriteVariants(env),
    ...tfjsVariants(env),
    ...torchVariants(env, 'torch_w0.py', { threads: false }),
  ],
  async run(variant: Variant, { runs }: RunOptions): Promise<ChildResult> {
    const { calls, info } = variant.impl === 'neurite' ? await neuriteCalls(variant) : await tfjsCalls(variant);
    return { measurements: measure(calls, runs ?? REPS), info };
  },
};
