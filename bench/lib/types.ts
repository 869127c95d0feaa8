/**
 * The shapes that flow through the benchmark: what a workload declares (its variants), what a
 * child process is told to run (a `RunSpec`), and what comes back (`Measurement`s).
 */

/** Who implements a variant. `neurite` is us; the others are peers measured in the same run. */
export type Impl = 'neurite' | 'tfjs' | 'torch' | 'sklearn';

/** Whether a smaller or a larger figure is better (µs/op and ms: lower; GFLOP/s, samples/s: higher). */
export type Better = 'lower' | 'higher';

/** One implementation setting of a workload, measured in its own process. */
export interface Variant {
  impl: Impl;
  /** Short label printed in the table, e.g. 'neurite js', 'tfjs wasm', 'torch 2 threads'. */
  label: string;
  /** neurite: the registered backend; tfjs: 'cpu' | 'wasm'. */
  backend?: string;
  /** Intra-op threads (undefined: the implementation's default, threads not varied). */
  threads?: number;
  /** A free-form mode of the workload (W1: 'loop' or 'fit'). */
  mode?: string;
  /** Python peers: the script under bench/peers/ that runs this variant. */
  script?: string;
  /** neurite rows that are not the reference for ratios (W1 `fit()` rows). */
  secondary?: boolean;
  /** Why this variant cannot run this workload at all (listed as skipped, never started), e.g. tfjs wasm on W3. */
  cannotRun?: string;
}

/** What the parent writes for a child: the variant, the run count, the shared input data. */
export interface RunSpec {
  workload: string;
  variant: Variant;
  /** Timed repetitions (undefined: the workload's default). */
  runs?: number;
  /** JSON file with the shared inputs (W1: the split, standardized iris data), or undefined. */
  dataFile?: string;
  /** Where the child writes its `ChildResult` as JSON. */
  outFile: string;
}

/** One figure of one variant on one case of a workload. */
export interface Measurement {
  /** The case within the workload, e.g. 'add + readback', 'n=1024', 'train 200 epochs'. */
  case: string;
  /** The headline figure (a median). */
  value: number;
  unit: string;
  better: Better;
  /** Secondary figures shown beside it (test accuracy, ms/epoch, …). */
  extra?: Record<string, number>;
  /** The raw per-run figures the median was taken of. */
  samples?: number[];
  /** Set when a slow peer ran only part of the work, e.g. 'first 2 of 5 timed calls'. */
  prefix?: string;
}

/** What a child process reports. */
export interface ChildResult {
  measurements: Measurement[];
  /** Settings the child found at run time (versions, thread counts, …), printed in the notes. */
  info?: Record<string, string | number | boolean>;
}

/** A measurement with the variant it belongs to: one row of the result table. */
export interface Row extends Measurement {
  workload: string;
  variant: Variant;
}

/** A variant that did not run (peer missing, or it failed), with the reason. */
export interface Skip {
  workload: string;
  variant: Variant;
  reason: string;
}
