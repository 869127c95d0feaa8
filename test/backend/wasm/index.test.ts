/** The default backend: 'wasm' where WebAssembly SIMD exists, 'js' without it; NEURITE_BACKEND. */
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** A fresh copy of backend.ts, evaluated under the current stubs. */
async function freshBackends() {
  vi.resetModules();
  return import('../../../src/backend/backend.js');
}

describe('backend registration', () => {
  it("'wasm' is registered and the default where SIMD exists", async () => {
    vi.stubEnv('NEURITE_BACKEND', '');
    const b = await freshBackends();
    expect(b.listBackends()).toEqual(['js', 'wasm']);
    expect(b.getBackend()).toBe('wasm');
  });

  it("without SIMD only 'js' is registered, and it is the default", async () => {
    vi.stubEnv('NEURITE_BACKEND', '');
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    const b = await freshBackends();
    expect(b.listBackends()).toEqual(['js']);
    expect(b.getBackend()).toBe('js');
  });

  it('NEURITE_BACKEND picks the default; an unavailable name warns and is ignored', async () => {
    vi.stubEnv('NEURITE_BACKEND', 'js');
    expect((await freshBackends()).getBackend()).toBe('js');
    // a fresh module graph has a fresh warning channel, which prints to console.warn
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubEnv('NEURITE_BACKEND', 'cuda');
    expect((await freshBackends()).getBackend()).toBe('wasm');
    expect(warn).toHaveBeenCalledWith("neurite: NEURITE_BACKEND='cuda' is not available here (js, wasm)");
  });
});
