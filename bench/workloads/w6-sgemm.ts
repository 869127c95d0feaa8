/**
 * W6 sgemm: C = A·B for square float32 n × n matrices, n = 256, 512, 1024, A and B uniform [0, 1).
 * Warm-up calls, then at least 5 timed calls; GFLOP/s = 2n³ / median time. tfjs times include
 * `dataSync()` (its kernels may run lazily); neurite's result is a filled typed array already.
 * A peer slower than SLOW_MS per call gets 1 warm-up and 5 timed calls (stated in the table).
 */
import { loadNeurite } from '../lib/neurite.js';
import { median } from '../lib/stats.js';
import { loadTfjs } from '../lib/tfjs.js';
import { now, timeEach } from '../lib/timing.js';
import type { ChildResult, Measurement, Variant } from '../lib/types.js';
import {
  type BenchEnv,
  neuriteVariants,
  type RunOptions,
  tfjsVariants,
  torchVariants,
  type Workload,
} from './workload.js';

/** The sizes, and warm-up / timed calls for each (tfjs's counts from the workload reference). */
export const SIZES = [
  { n: 256, warmup: 3, timed: 10 },
  { n: 512, warmup: 3, timed: 10 },
  { n: 1024, warmup: 2, timed: 5 },
];
const SLOW_MS = 250;

/** Time `multiply(n)` (which builds its inputs once and returns the call to time) at every size. */
function measure(prepare: (n: number) => () => unknown, runs: number | undefined): Measurement[] {
  return SIZES.map(({ n, warmup, timed }) => {
    const call = prepare(n);
    // The first call is a warm-up anyway; if it is slow, keep to 1 warm-up and 5 timed calls.
    const t0 = now();
    call();
    const first = now() - t0;
    const slow = first > SLOW_MS && runs === undefined;
    const timedCalls = runs ?? (slow ? 5 : timed);
    const samples = timeEach(call, { warmup: slow ? 0 : warmup - 1, timed: timedCalls });
    const ms = median(samples);
    const m: Measurement = {
      case: `n=${n}`,
      value: (2 * n ** 3) / (ms * 1e6),
      unit: 'GFLOP/s',
      better: 'higher',
      extra: { 'ms/call': ms },
      samples,
    };
    if (slow) m.prefix = `1 warm-up + ${timedCalls} timed calls (slow)`;
    return m;
  });
}

/** W6, see the file comment. */
export const w6: Workload = {
  id: 'W6',
  title: 'sgemm C = A·B, square float32, uniform [0, 1) (warm-up, then ≥ 5 timed calls; GFLOP/s = 2n³ / median)',
  variants: (env: BenchEnv) => [
    ...neuriteVariants(env, { threaded: true }),
    ...tfjsVariants(env),
    ...torchVariants(env, 'torch_w6.py'),
  ],
  async run(variant: Variant, { runs }: RunOptions): Promise<ChildResult> {
    if (variant.impl === 'neurite') {
      const { nn, info } = await loadNeurite(variant.backend ?? 'js', variant.threads);
      const rng = new nn.Rng(6);
      const prepare = (n: number) => {
        const a = nn.rand([n, n], { rng });
        const b = nn.rand([n, n], { rng });
        return () => nn.matmul(a, b).data[0];
      };
      return { measurements: measure(prepare, runs), info };
    }
    const { tf, info } = await loadTfjs(variant.backend ?? 'cpu');
    const prepare = (n: number) => {
      const a = tf.randomUniform([n, n], 0, 1, 'float32', 6);
      const b = tf.randomUniform([n, n], 0, 1, 'float32', 7);
      return () => {
        const c = tf.matMul(a, b);
        c.dataSync();
        c.dispose();
      };
    };
    return { measurements: measure(prepare, runs), info };
  },
};
