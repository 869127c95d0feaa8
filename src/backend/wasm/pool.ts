/**
 * The worker pool of the WASM backend and the thread count.
 *
 * A job is a list of tasks described in shared memory (the descriptor). The calling thread posts it
 * by bumping a generation word that idle workers sleep on (`Atomics.wait`), then claims and runs
 * tasks itself like any worker, and finally waits (`Atomics.wait` on the count of finished tasks)
 * until every task is done. Which thread runs which task varies; what a task computes does not,
 * so results are bit-identical for any thread count. Workers start at the first job that needs
 * them, never keep the program alive, and are stopped when the thread count shrinks.
 */
import { ValueError } from '../../errors.js';
import { warnOnce } from '../../warnings.js';
import { detectThreadHost, type ThreadHost, type WorkerHandle } from './hosts.js';
import { CTL, CTL_FAILED, CTL_GEN, DESC, DESC_DONE, type WasmRuntime } from './module.js';

const defaultHost: ThreadHost | null = detectThreadHost();
let requested: number | null = null;
/** The pool of the process-wide backend: `setNumThreads` starts or stops its workers at once. */
let primary: Pool | null = null;

/**
 * Parse a thread count as `NEURITE_THREADS` gives it: a positive integer, else null (and a warning
 * for anything that is set but not a positive integer).
 * @example parseThreads('4') // 4
 */
export function parseThreads(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1) return n;
  warnOnce('threads.env', `NEURITE_THREADS must be a positive integer, got '${value}'; using the default`);
  return null;
}

const fromEnv = parseThreads(
  (globalThis as { process?: { env?: Record<string, string> } }).process?.env?.NEURITE_THREADS,
);

/**
 * Set how many threads the WASM backend uses for large kernels (GEMMs): the calling thread plus
 * n − 1 workers. Default: the available cores, or the environment variable `NEURITE_THREADS`.
 * Results do not depend on it (the work is split the same way for any count). Where threads are
 * unavailable (no `worker_threads`, a browser page's main thread, no SharedArrayBuffer) the
 * setting is kept but one thread runs.
 * @throws ValueError when n is not an integer ≥ 1.
 * @example
 * import { setNumThreads, getNumThreads } from 'neurite';
 * setNumThreads(1); // single-threaded, e.g. for benchmarks
 * getNumThreads(); // 1
 */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new ValueError(`setNumThreads: the thread count must be an integer ≥ 1, got ${n}`);
  }
  requested = n;
  // start the workers now, so that they have booted by the time a large product needs them
  primary?.prepare();
}

/**
 * The number of threads the WASM backend uses for large kernels: what `setNumThreads` or
 * `NEURITE_THREADS` asked for (default: the available cores), or 1 where threads are unavailable.
 * @example
 * import { getNumThreads } from 'neurite';
 * getNumThreads(); // 2 on a two-core machine under Node
 */
export function getNumThreads(): number {
  if (!threadsAvailable()) return 1;
  return requested ?? fromEnv ?? Math.max(1, defaultHost?.cores() ?? 1);
}

function threadsAvailable(): boolean {
  return defaultHost !== null && typeof SharedArrayBuffer === 'function';
}

/** Runs jobs of one runtime, with the calling thread and (when the job is large) the workers. */
export class Pool {
  private readonly rt: WasmRuntime;
  private readonly host: ThreadHost | null;
  private workers: WorkerHandle[] = [];
  private gen = 0;
  private broken = false;
  /** Tasks run by the calling thread / by workers since creation (for tests and diagnostics). */
  readonly stats = { jobs: 0, ownTasks: 0, helperTasks: 0 };

  /** `host` defaults to this environment's (tests pass their own). */
  constructor(rt: WasmRuntime, host: ThreadHost | null = defaultHost) {
    this.rt = rt;
    this.host = host;
  }

  /** Make this the pool that `setNumThreads` prepares (the process-wide backend's). */
  makePrimary(): void {
    primary = this;
  }

  /** Start or stop workers to match the thread count (they boot in the background). */
  prepare(): void {
    this.resize(this.threads() - 1);
  }

  /** Workers started (they sleep between jobs). */
  get workerCount(): number {
    return this.workers.length;
  }

  /** Threads a large job would use: 1 without shared memory, a host, or after a worker failed. */
  threads(): number {
    return this.host !== null && this.rt.shared && !this.broken ? getNumThreads() : 1;
  }

  /**
   * Run the job whose descriptor is written (ntasks tasks) on `threads` threads (≤ `threads()`,
   * whose scratch slots the descriptor lays out) and return when all tasks are done. With helpers,
   * the calling thread first runs `meanwhile` (work of its own that overlaps the helpers' tasks).
   */
  run(ntasks: number, threads: number, meanwhile?: () => void): void {
    const { rt } = this;
    const ex = rt.exports;
    const desc = rt.base + DESC;
    const helpers = Math.min(threads, ntasks) - 1;
    if (helpers > 0) this.resize(threads - 1);
    const i32 = rt.i32;
    const ctl = (rt.base + CTL) >> 2;
    const done = (desc + DESC_DONE) >> 2;
    this.gen = (this.gen % 0x3fffffff) + 1;
    Atomics.store(i32, ctl + CTL_FAILED, 0);
    ex.openJob(desc, this.gen);
    if (helpers > 0) {
      Atomics.store(i32, ctl + CTL_GEN, this.gen);
      Atomics.notify(i32, ctl + CTL_GEN, helpers);
      meanwhile?.();
    }
    const own = ex.runTasks(desc, this.gen, 0);
    let failed = 0;
    if (helpers > 0) {
      for (;;) {
        const d = Atomics.load(i32, done);
        failed = Atomics.load(i32, ctl + CTL_FAILED);
        if (d + failed >= ntasks) break;
        Atomics.wait(i32, done, d, 1000);
      }
    }
    ex.closeJob(desc);
    this.stats.jobs++;
    this.stats.ownTasks += own;
    this.stats.helperTasks += ntasks - own - failed;
    if (failed > 0) {
      // A worker trapped. Stop using workers and redo the whole job here: the first pass of each
      // task overwrites its tile, so the rerun does not depend on what the failed run left.
      this.broken = true;
      this.resize(0);
      warnOnce('wasm.worker', 'a WASM worker thread failed; continuing on one thread');
      this.run(ntasks, 1);
    }
  }

  /** Start or stop workers so that exactly `n` run (slots 1..n). */
  private resize(n: number): void {
    const { host } = this;
    if (host === null) return;
    while (this.workers.length > n) this.workers.pop()?.terminate();
    while (this.workers.length < n) {
      const slot = this.workers.length + 1;
      this.workers.push(
        host.spawn({
          module: this.rt.module,
          memory: this.rt.memory,
          ctl: this.rt.base + CTL,
          desc: this.rt.base + DESC,
          slot,
        }),
      );
    }
  }
}
