/**
 * Where worker threads come from. The core imports no Node built-in (the browser bundle must not
 * contain one), so the Node host reaches `worker_threads` through `process.getBuiltinModule`
 * (Node ≥ 20.16), which exists only when the code runs in Node; bundlers never see an import.
 * In browsers, threads are used only when neurite itself runs inside a Worker of a cross-origin
 * isolated page: only there can a thread block on `Atomics.wait` and memory be shared. Everywhere
 * else there is no host and the backend runs on the calling thread.
 *
 * Workers run `WORKER_SOURCE`, a classic script handed over as text (no file to locate, no
 * TypeScript to load): it instantiates the same module over the same shared memory, then sleeps
 * on the job generation word and runs tasks whenever a new job is posted.
 */
import { CTL_FAILED, CTL_GEN, DESC_DONE } from './module.js';

/** What a worker receives once, at start. */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Byte offsets of the control words and the job descriptor. */
  ctl: number;
  desc: number;
  /** This worker's scratch slot (1, 2, …: slot 0 is the posting thread's); the job lays them out. */
  slot: number;
}

/** A started worker. */
export interface WorkerHandle {
  terminate(): void;
}

/** Starts workers and knows how many cores there are. */
export interface ThreadHost {
  readonly name: string;
  /** Available cores (the default pool size). */
  cores(): number;
  /** Start a worker running `WORKER_SOURCE`; it must not keep the program alive (Node: unref). */
  spawn(init: WorkerInit): WorkerHandle;
}

/** The worker's program (plain JavaScript, valid in a Node worker and in a Web Worker). */
export const WORKER_SOURCE = `'use strict';
function start(init) {
  const ex = new WebAssembly.Instance(init.module, { env: { memory: init.memory } }).exports;
  const ctl = new Int32Array(init.memory.buffer, init.ctl, 16);
  const desc = new Int32Array(init.memory.buffer, init.desc, 32);
  let seen = Atomics.load(ctl, ${CTL_GEN});
  for (;;) {
    Atomics.wait(ctl, ${CTL_GEN}, seen);
    seen = Atomics.load(ctl, ${CTL_GEN});
    try {
      ex.runTasks(init.desc, seen, init.slot);
    } catch (err) {
      // the task this thread held is lost: count it so the posting thread stops waiting and reruns
      Atomics.add(ctl, ${CTL_FAILED}, 1);
    }
    Atomics.notify(desc, ${DESC_DONE / 4});
  }
}
if (typeof require === 'function') start(require('node:worker_threads').workerData);
else self.onmessage = (e) => start(e.data);
`;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: string, fn: (...args: unknown[]) => void): void;
}
interface NodeWorkerThreads {
  Worker: new (code: string, options: { eval: true; workerData: unknown; execArgv: string[] }) => NodeWorker;
}
interface NodeOs {
  availableParallelism?: () => number;
  cpus(): unknown[];
}

/** Node: `worker_threads` through `process.getBuiltinModule`, or null outside Node (or before 20.16). */
export function nodeHost(): ThreadHost | null {
  const proc = (
    globalThis as { process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown } }
  ).process;
  if (typeof proc?.versions?.node !== 'string' || typeof proc.getBuiltinModule !== 'function') return null;
  const wt = proc.getBuiltinModule('node:worker_threads') as NodeWorkerThreads | undefined;
  const os = proc.getBuiltinModule('node:os') as NodeOs | undefined;
  if (wt === undefined || os === undefined) return null;
  return {
    name: 'node',
    cores: () => os.availableParallelism?.() ?? os.cpus().length,
    spawn(init) {
      // execArgv: [] keeps the parent's loaders (tsx, test runners) out of the worker: it runs plain JS
      const worker = new wt.Worker(WORKER_SOURCE, { eval: true, workerData: init, execArgv: [] });
      // a failed start only means fewer helpers: the posting thread never waits for unclaimed tasks
      worker.on('error', () => {});
      worker.unref();
      return { terminate: () => void worker.terminate() };
    },
  };
}

interface WebScope {
  WorkerGlobalScope?: new () => unknown;
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
  Worker?: new (url: string) => { postMessage(data: unknown): void; terminate(): void };
}

/** Browsers: Web Workers, only inside a Worker of a cross-origin isolated page; else null. */
export function webHost(): ThreadHost | null {
  const g = globalThis as unknown as WebScope;
  const inWorker = typeof g.WorkerGlobalScope === 'function' && globalThis instanceof g.WorkerGlobalScope;
  if (!inWorker || g.crossOriginIsolated !== true || typeof g.Worker !== 'function') return null;
  const WorkerCtor = g.Worker;
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  return {
    name: 'web',
    cores: () => g.navigator?.hardwareConcurrency ?? 1,
    spawn(init) {
      const worker = new WorkerCtor(url);
      worker.postMessage(init);
      return { terminate: () => worker.terminate() };
    },
  };
}

/**
 * The thread host of this environment: Node's `worker_threads`, Web Workers inside a cross-origin
 * isolated Worker, or null (one thread).
 * @example detectThreadHost()?.name // 'node' under Node ≥ 20.16
 */
export function detectThreadHost(): ThreadHost | null {
  try {
    return nodeHost() ?? webHost();
  } catch {
    return null;
  }
}
