/**
 * The worker pool: results bit-identical for any thread count, workers really take tasks, the
 * thread count setting and NEURITE_THREADS, a failing worker, and a program that ends exits.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GemmSpec } from '../../../src/backend/kernels/matmul.js';
import { createGemm } from '../../../src/backend/wasm/gemm.js';
import { detectThreadHost, type ThreadHost } from '../../../src/backend/wasm/hosts.js';
import { wasmBackend } from '../../../src/backend/wasm/index.js';
import { createRuntime, probeFeatures } from '../../../src/backend/wasm/module.js';
import { getNumThreads, Pool, parseThreads, setNumThreads } from '../../../src/backend/wasm/pool.js';
import { Rng, resetWarnings, setWarningHandler, ValueError } from '../../../src/index.js';

const backend = wasmBackend();
if (backend === null) throw new Error('WebAssembly SIMD is missing in this Node: the WASM backend cannot be tested');
const defaultThreads = getNumThreads();
afterEach(() => setNumThreads(defaultThreads));

const rng = new Rng(7);
const random = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));

// every product goes to the pool, however small: many tasks, so helpers get some
const gemm = createGemm(backend.runtime, backend.pool, { minMacs: 0, parallelMinMacs: 0 });
/** The bits of a float32 result (as a Buffer: comparing with .equals is fast, unlike a deep toEqual). */
const bytes = (x: ArrayLike<number>) => Buffer.from(Float32Array.from(x).buffer);
// Workers start at the first job that wants them and take a while to boot (longer on a busy
// machine): repeat a job, pausing between tries, until `done` says they took part.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(done: () => boolean, job: () => void): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) {
    job();
    await sleep(10);
  }
}

const cases: Array<{ a: Float32Array; b: Float32Array; spec: GemmSpec }> = [
  // 2-D, Aᵀ·B with k over two k-blocks: several tiles in each build
  { m: 300, n: 333, k: 300, transA: true, transB: false, shape: [], as: [], bs: [], cs: [] },
  // batched with B broadcast and a summed dim, as the backward of a broadcast matmul (2 output
  // matrices of several tiles each, so that a waking worker still finds tasks to claim)
  {
    m: 200,
    n: 400,
    k: 60,
    transA: false,
    transB: true,
    shape: [3, 2],
    as: [2 * 12000, 12000],
    bs: [0, 24000],
    cs: [0, 80000],
  },
  // larger than everything before: the memory grows while the workers exist
  { m: 700, n: 600, k: 500, transA: false, transB: false, shape: [], as: [], bs: [], cs: [] },
].map(({ m, n, k, transA, transB, shape, as, bs, cs }) => {
  const count = shape.reduce((x, y) => x * y, 1);
  return {
    a: random(m * k * count),
    b: random(k * n * count),
    spec: { m, n, k, transA, transB, batch: { shape, aStrides: as, bStrides: bs, cStrides: cs } },
  };
});

describe('wasm worker pool', () => {
  it('results are bit-identical with 1, 2 and 3 threads, and workers do run tasks', async () => {
    // boot the workers first, so that the largest product grows the memory under running workers
    setNumThreads(2);
    const small = cases[0]!;
    const booted = backend.pool.stats.helperTasks;
    await until(
      () => backend.pool.stats.helperTasks > booted,
      () => gemm(small.a, small.b, small.spec),
    );
    const sizeBefore = backend.runtime.memory.buffer.byteLength;
    for (const { a, b, spec } of [...cases].reverse()) {
      const results = new Map<number, Buffer>();
      for (const threads of [2, 3, 1]) {
        setNumThreads(threads);
        const before = backend.pool.stats.helperTasks;
        let out = gemm(a, b, spec);
        if (threads > 1) {
          await until(
            () => backend.pool.stats.helperTasks > before,
            () => {
              out = gemm(a, b, spec);
            },
          );
          expect(backend.pool.workerCount).toBe(threads - 1);
          expect(backend.pool.stats.helperTasks, `no worker took a task with ${threads} threads`).toBeGreaterThan(
            before,
          );
        }
        results.set(threads, bytes(out));
      }
      for (const threads of [2, 3]) {
        expect(results.get(threads)?.equals(results.get(1)!), `${threads} threads differ from 1`).toBe(true);
      }
    }
    expect(backend.runtime.memory.buffer.byteLength).toBeGreaterThan(sizeBefore);
  });

  it('setNumThreads validates; getNumThreads defaults to the cores', () => {
    expect(detectThreadHost()?.name).toBe('node');
    expect(() => setNumThreads(0)).toThrow(ValueError);
    expect(() => setNumThreads(1.5)).toThrow(/integer ≥ 1, got 1.5/);
    setNumThreads(5);
    expect(getNumThreads()).toBe(5);
    expect(defaultThreads).toBe(
      process.env.NEURITE_THREADS ? Number(process.env.NEURITE_THREADS) : detectThreadHost()?.cores(),
    );
  });

  it('setNumThreads starts (or stops) the workers of the process-wide pool at once', () => {
    setNumThreads(3);
    expect(backend.pool.workerCount).toBe(2);
    setNumThreads(1);
    expect(backend.pool.workerCount).toBe(0);
  });

  it('parseThreads reads NEURITE_THREADS, warning about nonsense', () => {
    const warnings: string[] = [];
    resetWarnings();
    const previous = setWarningHandler((m) => warnings.push(m));
    try {
      expect(parseThreads(undefined)).toBeNull();
      expect(parseThreads('')).toBeNull();
      expect(parseThreads('3')).toBe(3);
      expect(parseThreads('zero')).toBeNull();
      expect(warnings).toEqual(["NEURITE_THREADS must be a positive integer, got 'zero'; using the default"]);
    } finally {
      setWarningHandler(previous);
    }
  });

  it('a worker that fails is counted, the job reruns on the calling thread, and threads stop', async () => {
    const rt = createRuntime(probeFeatures());
    const real = detectThreadHost();
    if (rt === null || real === null) throw new Error('no runtime or thread host');
    // a host whose workers trap: their scratch slot lies past the end of the memory
    const broken: ThreadHost = {
      ...real,
      name: 'broken',
      spawn: (init) => real.spawn({ ...init, slot: 2 ** 20 }),
    };
    const pool = new Pool(rt, broken);
    const brokenGemm = createGemm(rt, pool, { minMacs: 0, parallelMinMacs: 0 });
    const warnings: string[] = [];
    resetWarnings();
    const previous = setWarningHandler((m) => warnings.push(m));
    try {
      const { a, b, spec } = cases[0]!;
      setNumThreads(1);
      const expected = bytes(gemm(a, b, spec));
      setNumThreads(2);
      await until(
        () => pool.threads() === 1,
        () => expect(bytes(brokenGemm(a, b, spec)).equals(expected)).toBe(true),
      );
      expect(pool.threads()).toBe(1);
      expect(pool.workerCount).toBe(0);
      expect(warnings).toEqual(['a WASM worker thread failed; continuing on one thread']);
    } finally {
      setWarningHandler(previous);
    }
  });
});

describe('wasm worker pool: whole programs', () => {
  const child = join(__dirname, 'child.ts');
  const run = (mode: string, env: Record<string, string> = {}) =>
    JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', child, mode], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
        timeout: 30_000,
      }),
    );

  it('NEURITE_THREADS sets the default thread count', () => {
    expect(run('threads', { NEURITE_THREADS: '3' })).toEqual({ threads: 3 });
  });

  it('a script that trains with worker threads and ends exits by itself', () => {
    // execFileSync throws if the child does not exit within the timeout
    const out = run('train');
    expect(out.workers).toBe(1);
    expect(out.jobs).toBeGreaterThan(0);
  });
});
