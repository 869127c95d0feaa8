/** Loading the WASM module: feature probes, the two builds, the memory arena, the embedded binary. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GemmSpec } from '../../../src/backend/kernels/matmul.js';
import { createGemm } from '../../../src/backend/wasm/gemm.js';
import { createWasmBackend, wasmBackend } from '../../../src/backend/wasm/index.js';
import { createRuntime, layOut, OPERANDS, probeFeatures, probeFusedMadd } from '../../../src/backend/wasm/module.js';
import { Pool } from '../../../src/backend/wasm/pool.js';

afterEach(() => vi.restoreAllMocks());

/** The CPU's feature flags as Linux lists them ('' elsewhere). */
function cpuFlags(): string {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
}

const spec: GemmSpec = {
  m: 33,
  n: 65,
  k: 300,
  transA: false,
  transB: true,
  batch: { shape: [], aStrides: [], bStrides: [], cStrides: [] },
};
const a = Float32Array.from({ length: 33 * 300 }, (_, i) => Math.sin(i));
const b = Float32Array.from({ length: 65 * 300 }, (_, i) => Math.cos(i));

describe('layOut', () => {
  it('puts each operand on the next 64-byte boundary after the one before', () => {
    const sizes = [100, 8, 0, 64, 1];
    expect(layOut(256, sizes)).toBe(576);
    expect(sizes).toEqual([256, 384, 448, 448, 512]); // the sizes replaced by the offsets
    expect(layOut(0, [])).toBe(0);
  });
});

describe('wasm module', () => {
  it('Node 20 has SIMD and shared memory; the default runtime is the fused build where madd fuses', () => {
    const features = probeFeatures();
    expect(features).toEqual({ simd: true, sharedMemory: true, fusedMadd: expect.any(Boolean) });
    expect(wasmBackend()?.runtime.fused).toBe(features.fusedMadd);
    // x64 with FMA3 (this project's machines) or arm64: relaxed SIMD's madd fuses, after the probe
    // enabled relaxed SIMD in Node 20
    if (['x64', 'arm64'].includes(process.arch) && /fma|asimd/.test(cpuFlags())) expect(features.fusedMadd).toBe(true);
  });

  it('NEURITE_RELAXED_SIMD=0 keeps the plain build', () => {
    vi.stubEnv('NEURITE_RELAXED_SIMD', '0');
    try {
      expect(probeFusedMadd()).toBe(false);
      expect(probeFeatures().fusedMadd).toBe(false);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('a fused runtime that cannot be compiled is no runtime (the caller falls back)', () => {
    vi.spyOn(WebAssembly, 'Module').mockImplementation(() => {
      throw new WebAssembly.CompileError('relaxed SIMD is off');
    });
    expect(createRuntime({ simd: true, sharedMemory: true, fusedMadd: true })).toBeNull();
  });

  it('without SIMD there is no runtime and no backend (the JS reference stays)', () => {
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    const features = probeFeatures();
    expect(features.simd).toBe(false);
    expect(createRuntime(features)).toBeNull();
    expect(createWasmBackend(features)).toBeNull();
  });

  it('without shared memory the unshared build runs on one thread, with the same bits (each build)', () => {
    const fusedOptions = probeFeatures().fusedMadd ? [false, true] : [false];
    for (const fusedMadd of fusedOptions) {
      const unshared = createRuntime({ simd: true, sharedMemory: false, fusedMadd });
      const shared = createRuntime({ simd: true, sharedMemory: true, fusedMadd });
      if (unshared === null || shared === null) throw new Error('no runtime');
      expect(unshared.shared).toBe(false);
      expect(unshared.fused).toBe(fusedMadd);
      expect(unshared.memory.buffer).toBeInstanceOf(ArrayBuffer);
      expect(shared.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
      const pool = new Pool(unshared);
      expect(pool.threads()).toBe(1);
      const one = createGemm(unshared, pool, { minMacs: 0, parallelMinMacs: 0 })(a, b, spec);
      const two = createGemm(shared, new Pool(shared), { minMacs: 0 })(a, b, spec);
      expect(Buffer.from(one.buffer).equals(Buffer.from(two.buffer))).toBe(true);
    }
  });

  it('the memory grows on demand, keeps its views current, and refuses more than 4 GiB', () => {
    const rt = createRuntime(probeFeatures());
    if (rt === null) throw new Error('no runtime');
    const before = rt.memory.buffer.byteLength;
    expect(rt.reserve(before)).toBe(true); // needs base + before bytes: grows
    expect(rt.memory.buffer.byteLength).toBeGreaterThanOrEqual(rt.base + before);
    expect(rt.f32.length * 4).toBe(rt.memory.buffer.byteLength);
    expect(rt.i32.length * 4).toBe(rt.memory.buffer.byteLength);
    expect(rt.reserve(2 ** 32)).toBe(false);
    // a product too large for the memory falls back to the JS reference instead of failing
    vi.spyOn(rt, 'reserve').mockReturnValue(false);
    const gemm = createGemm(rt, new Pool(rt), { minMacs: 0 });
    expect(gemm(a, b, spec)).toBeInstanceOf(Float32Array);
  });

  it('the embedded binary is built from the current AssemblyScript sources', () => {
    // scripts/build-wasm.mjs --check compares the hash of the sources with kernels.gen.ts
    const script = join(__dirname, '../../../scripts/build-wasm.mjs');
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});

describe('WasmRuntime.operands', () => {
  const rt = createRuntime(probeFeatures());
  if (rt === null) throw new Error('WebAssembly SIMD is missing in this Node');

  it('lays operands out one after another from OPERANDS, each on a 64-byte boundary', () => {
    expect(rt.operands([4, 100, 64, 0, 8])).toEqual(
      [0, 64, 192, 256, 256].map((offset) => rt.base + OPERANDS + offset),
    );
  });

  it('is null when the memory cannot grow that far (the caller falls back to JS)', () => {
    expect(rt.operands([rt.maxBytes])).toBeNull();
  });
});
