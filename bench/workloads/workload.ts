/**
 * What a workload is to the harness, and the helpers that list the usual variants. A new workload
 * (W2 … W5) is one file exporting a `Workload`, added to `index.ts`, plus its Python peers under
 * bench/peers/.
 */
import type { ChildResult, Variant } from '../lib/types.js';

/** What exists on this machine, found once by the parent process. */
export interface BenchEnv {
  /** neurite's registered backends ('js' first). */
  backends: string[];
  /** Whether neurite exports a thread-count setter (see lib/neurite.ts). */
  threadSetter: boolean;
  /** Cores available to this process (`os.availableParallelism()`). */
  cores: number;
  /** Python peers importable by /usr/bin/python3, with their versions. */
  python: { torch?: string; sklearn?: string };
  /** Peers the user left out with --skip. */
  skip: readonly string[];
}

/** Options a child passes to `run`. */
export interface RunOptions {
  /** Timed repetitions (undefined: the workload's default). */
  runs?: number;
  /** The shared data written by `prepareData` (parsed JSON). */
  data?: unknown;
}

/** One benchmark workload, as defined in the workload reference (W0 … W6). */
export interface Workload {
  /** 'W0', 'W1', … */
  id: string;
  /** One line: what is measured. */
  title: string;
  /** Shared inputs every peer trains on, written to a JSON file (omit when each peer generates its own). */
  prepareData?(): unknown;
  /** The variants to measure, one process each, in this order. */
  variants(env: BenchEnv): Variant[];
  /** Measure one TypeScript variant (neurite or tfjs) in the calling process. */
  run(variant: Variant, options: RunOptions): Promise<ChildResult>;
}

/**
 * neurite's variants: every registered backend, and with a thread setter and `threaded`, the
 * backends other than 'js' at 1 thread and at all cores.
 * @example neuriteVariants({ backends: ['js'], threadSetter: false, cores: 2, … }, { threaded: true })
 * // [{ impl: 'neurite', label: 'neurite js', backend: 'js' }]
 */
export function neuriteVariants(env: BenchEnv, { threaded = false, mode = '', secondary = false } = {}): Variant[] {
  const suffix = mode === '' ? '' : ` ${mode}`;
  const out: Variant[] = [];
  for (const backend of env.backends) {
    const base: Variant = { impl: 'neurite', label: `neurite ${backend}${suffix}`, backend, secondary };
    if (mode !== '') base.mode = mode;
    // The JS reference is single-threaded by design; only other backends get thread variants.
    if (threaded && env.threadSetter && backend !== 'js') {
      for (const threads of threadCounts(env.cores)) out.push({ ...base, label: `${base.label} ${threads}T`, threads });
    } else {
      out.push(base);
    }
  }
  return out;
}

/** TensorFlow.js's variants: the cpu (plain JS) and wasm backends (one thread under Node). */
export function tfjsVariants(env: BenchEnv, { mode = '' } = {}): Variant[] {
  if (env.skip.includes('tfjs')) return [];
  const suffix = mode === '' ? '' : ` ${mode}`;
  return ['cpu', 'wasm'].map((backend) => {
    const v: Variant = { impl: 'tfjs', label: `tfjs ${backend}${suffix}`, backend };
    if (mode !== '') v.mode = mode;
    return v;
  });
}

/**
 * PyTorch's variants (run by /usr/bin/python3 `script`): one per thread count; `threads` true
 * means 1 and all cores, false one thread only. Listed even when torch is missing, so the table
 * says it was skipped.
 */
export function torchVariants(env: BenchEnv, script: string, { threads = true } = {}): Variant[] {
  if (env.skip.includes('torch')) return [];
  const counts = threads ? threadCounts(env.cores) : [1];
  return counts.map((n) => ({ impl: 'torch', label: `torch ${n}T`, threads: n, script }));
}

/** 1 and all cores (just 1 on a one-core machine). */
export function threadCounts(cores: number): number[] {
  return cores > 1 ? [1, cores] : [1];
}
