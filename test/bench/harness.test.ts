import { describe, expect, it } from 'vitest';
import { findExport, THREAD_SETTERS, wasmBuild } from '../../bench/lib/neurite.js';
import { threadEnv } from '../../bench/lib/spawn.js';
import { selectWorkloads, WORKLOADS } from '../../bench/workloads/index.js';
import { type BenchEnv, neuriteVariants, threadCounts, torchVariants } from '../../bench/workloads/workload.js';
import { wasmBackend } from '../../src/backend/wasm/index.js';

const env = (over: Partial<BenchEnv> = {}): BenchEnv => ({
  backends: ['js'],
  threadSetter: false,
  cores: 2,
  python: {},
  skip: [],
  ...over,
});

describe('bench harness', () => {
  it('selects workloads by id and names unknown ones', () => {
    expect(WORKLOADS.map((w) => w.id)).toEqual(['W0', 'W1', 'W2', 'W3', 'W4', 'W5', 'W6']);
    expect(selectWorkloads(['W6', 'W0']).map((w) => w.id)).toEqual(['W0', 'W6']);
    expect(selectWorkloads().length).toBe(WORKLOADS.length);
    expect(() => selectWorkloads(['W9'])).toThrow(/unknown workload W9; known: W0, W1, W2, W3, W4, W5, W6/);
  });

  it('lists thread variants only for non-js backends when a setter exists', () => {
    expect(neuriteVariants(env(), { threaded: true }).map((v) => v.label)).toEqual(['neurite js']);
    const both = env({ backends: ['js', 'wasm'], threadSetter: true });
    expect(neuriteVariants(both, { threaded: true }).map((v) => [v.label, v.threads])).toEqual([
      ['neurite js', undefined],
      ['neurite wasm 1T', 1],
      ['neurite wasm 2T', 2],
    ]);
    expect(neuriteVariants(both, { mode: 'fit', secondary: true }).map((v) => [v.label, v.mode, v.secondary])).toEqual([
      ['neurite js fit', 'fit', true],
      ['neurite wasm fit', 'fit', true],
    ]);
    expect(threadCounts(1)).toEqual([1]);
  });

  it('lists every workload variant, and drops skipped peers', () => {
    for (const w of WORKLOADS) expect(w.variants(env()).length).toBeGreaterThan(0);
    expect(torchVariants(env({ skip: ['torch'] }), 'x.py')).toEqual([]);
    const w1 = WORKLOADS.find((w) => w.id === 'W1')!;
    expect(w1.variants(env({ skip: ['tfjs', 'torch', 'sklearn'] })).every((v) => v.impl === 'neurite')).toBe(true);
  });

  it('finds the first exported thread setter by name', () => {
    const setThreads = (n: number) => n;
    expect(findExport({ setThreads, setPoolSize: setThreads }, THREAD_SETTERS)?.name).toBe('setThreads');
    expect(findExport({ setThreads: 3 }, THREAD_SETTERS)).toBeUndefined();
  });

  it('names the WASM build that runs (fused where relaxed SIMD fuses, else plain)', async () => {
    const fused = wasmBackend()?.runtime.fused;
    expect(await wasmBuild()).toMatch(fused === undefined ? /^none$/ : fused ? /^fused/ : /^plain/);
  });

  it('pins Python peers to their thread count through the environment', () => {
    const e = threadEnv({ impl: 'torch', label: 'torch 2T', threads: 2, script: 'torch_w6.py' }, { PATH: '/bin' });
    expect(e).toEqual({ PATH: '/bin', OMP_NUM_THREADS: '2', OPENBLAS_NUM_THREADS: '2', MKL_NUM_THREADS: '2' });
    expect(threadEnv({ impl: 'neurite', label: 'n', threads: 1 }, {}).NEURITE_THREADS).toBe('1');
    expect(threadEnv({ impl: 'tfjs', label: 't' }, { A: '1' })).toEqual({ A: '1' });
  });
});
