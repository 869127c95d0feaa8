/**
 * Loading neurite inside a benchmark process: the Node entry (so a worker pool, once it exists,
 * is wired exactly as for users), the backend, and the thread count. The thread setter is found
 * at run time, so this harness works before and after the WASM backend and its pool land.
 */
import { pathToFileURL } from 'node:url';

/** The neurite module as benchmarks use it (the `neurite/node` entry, from source). */
export type Neurite = typeof import('../../src/node.js');

/** Names a thread-count setter / getter may have; the first one exported is used. */
export const THREAD_SETTERS = ['setNumThreads', 'setThreads', 'setThreadCount', 'setThreadsCount', 'setPoolSize'];
export const THREAD_GETTERS = ['getNumThreads', 'getThreads', 'getThreadCount', 'getThreadsCount', 'getPoolSize'];
/** Names of an async "backend is ready" function, awaited before the backend is chosen. */
export const READY_FUNCTIONS = ['ready', 'backendReady', 'initBackends'];

/**
 * The first function among `names` that `mod` exports, with its name.
 * @example findExport({ setThreads: (n: number) => n }, THREAD_SETTERS)?.name // 'setThreads'
 */
export function findExport(
  mod: Record<string, unknown>,
  names: readonly string[],
): { name: string; fn: (...args: unknown[]) => unknown } | undefined {
  for (const name of names) {
    const fn = mod[name];
    if (typeof fn === 'function') return { name, fn: fn as (...args: unknown[]) => unknown };
  }
  return undefined;
}

/** What the harness learns about neurite on this machine. */
export interface NeuriteEnv {
  backends: string[];
  /** The exported thread setter's name, or undefined when threads cannot be set. */
  threadSetter?: string;
}

/**
 * Where neurite's sources are: this checkout, or the tree named by NEURITE_TREE (set by
 * `bench:ab --what spec`, so one harness times several source trees alike).
 */
function sourceUrl(path: string): string {
  const tree = process.env.NEURITE_TREE;
  return tree ? pathToFileURL(`${tree}/src/${path}`).href : new URL(`../../src/${path}`, import.meta.url).href;
}

/** Import neurite and await its readiness hook, if it has one. */
export async function importNeurite(): Promise<Neurite> {
  const nn = (await import(sourceUrl('node.ts'))) as Neurite;
  const ready = findExport(nn as unknown as Record<string, unknown>, READY_FUNCTIONS);
  if (ready !== undefined) await ready.fn();
  return nn;
}

/** The registered backends and the thread setter, as seen by a fresh import. */
export async function probeNeurite(): Promise<NeuriteEnv> {
  const nn = await importNeurite();
  const setter = findExport(nn as unknown as Record<string, unknown>, THREAD_SETTERS);
  return { backends: nn.listBackends(), threadSetter: setter?.name };
}

/**
 * Import neurite, select `backend` and, when `threads` is given, set the thread count.
 * @returns the module and what was set (printed in the notes and the JSON).
 */
export async function loadNeurite(
  backend: string,
  threads?: number,
): Promise<{ nn: Neurite; info: Record<string, string | number> }> {
  const nn = await importNeurite();
  nn.setBackend(backend);
  const mod = nn as unknown as Record<string, unknown>;
  const info: Record<string, string | number> = { backend: nn.getBackend() };
  if (threads !== undefined) {
    const setter = findExport(mod, THREAD_SETTERS);
    if (setter === undefined) throw new Error(`neurite exports no thread setter (${THREAD_SETTERS.join(', ')})`);
    await setter.fn(threads);
    info.threadSetter = setter.name;
  }
  const getter = findExport(mod, THREAD_GETTERS);
  if (getter !== undefined) info.threads = Number(await getter.fn());
  if (info.backend === 'wasm') info.build = await wasmBuild();
  return { nn, info };
}

/**
 * Which build of the WASM kernels runs: 'fused' (relaxed SIMD's multiply-add, where it validates
 * and fuses) or 'plain' (SIMD128 multiply then add). Read from the backend's runtime, the same
 * module instance neurite uses.
 */
export async function wasmBuild(): Promise<string> {
  const { wasmBackend } = (await import(
    sourceUrl('backend/wasm/index.ts')
  )) as typeof import('../../src/backend/wasm/index.js');
  const fused = wasmBackend()?.runtime.fused;
  return fused === undefined ? 'none' : fused ? 'fused (relaxed SIMD madd)' : 'plain (SIMD128 mul + add)';
}
