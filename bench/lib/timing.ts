/**
 * Timing loops shared by the TypeScript workloads (neurite and TensorFlow.js run the same loop).
 * Wall-clock time from `performance.now()`; with BENCH_CLOCK=cpu (set by `bench:ab --what spec`),
 * the process's CPU time instead, which other jobs on a busy machine disturb much less (right for
 * one-thread variants; with worker threads it adds up every thread's time). Nothing here is used by tests.
 */

const cpuClock = typeof process !== 'undefined' && process.env.BENCH_CLOCK === 'cpu';

/** Where timed loops leave their results, so no engine can prove the work unused. */
export const blackhole = { value: 0 };

/** The current time in milliseconds (sub-millisecond resolution). */
export function now(): number {
  if (cpuClock) {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
  return performance.now();
}

/**
 * Call `fn` `warmup` times, then `reps` times `calls` times; returns the mean µs per call of each rep.
 * `fn` returns a number that is accumulated into a sink, so the JIT cannot drop the work.
 * @example perCallMicros(() => add(a, b).data[0]!, { warmup: 2000, reps: 3, calls: 20000 })
 */
export function perCallMicros(
  fn: () => number,
  { warmup, reps, calls }: { warmup: number; reps: number; calls: number },
) {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += fn();
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = now();
    for (let i = 0; i < calls; i++) sink += fn();
    samples.push(((now() - t0) * 1000) / calls);
  }
  blackhole.value += sink; // observable, so the JIT cannot drop the work
  return samples;
}

/**
 * Call `fn` `warmup` times untimed, then `timed` times; returns each timed call's milliseconds.
 * @example timeEach(() => matmul(a, b).data[0]!, { warmup: 2, timed: 5 })
 */
export function timeEach(fn: () => unknown, { warmup, timed }: { warmup: number; timed: number }): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < timed; i++) {
    const t0 = now();
    fn();
    samples.push(now() - t0);
  }
  return samples;
}
