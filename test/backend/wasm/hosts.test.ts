/** Where worker threads come from: Node's worker_threads, Web Workers inside a Worker, or none. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  detectThreadHost,
  nodeHost,
  WORKER_SOURCE,
  type WorkerInit,
  webHost,
} from '../../../src/backend/wasm/hosts.js';

afterEach(() => vi.unstubAllGlobals());

describe('thread hosts', () => {
  it('Node has a host, reached without importing a built-in; it counts the cores', () => {
    const host = detectThreadHost();
    expect(host?.name).toBe('node');
    expect(host?.cores()).toBeGreaterThanOrEqual(1);
    expect(nodeHost()?.name).toBe('node');
  });

  it('outside Node, and outside an isolated Worker, there is none (one thread)', () => {
    vi.stubGlobal('process', undefined);
    expect(nodeHost()).toBeNull();
    expect(webHost()).toBeNull();
    expect(detectThreadHost()).toBeNull();
  });

  it('inside a cross-origin isolated Worker, workers are Web Workers started from a blob', () => {
    const started: Array<{ url: string; messages: unknown[]; terminated: boolean }> = [];
    class FakeWorker {
      record: { url: string; messages: unknown[]; terminated: boolean };
      constructor(url: string) {
        this.record = { url, messages: [], terminated: false };
        started.push(this.record);
      }
      postMessage(data: unknown) {
        this.record.messages.push(data);
      }
      terminate() {
        this.record.terminated = true;
      }
    }
    // globalThis counts as a WorkerGlobalScope when that constructor's prototype is in its chain
    function WorkerGlobalScope() {}
    WorkerGlobalScope.prototype = Object.getPrototypeOf(globalThis);
    vi.stubGlobal('WorkerGlobalScope', WorkerGlobalScope);
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('navigator', { hardwareConcurrency: 6 });
    expect(webHost()).toBeNull(); // not cross-origin isolated: no SharedArrayBuffer for the page
    vi.stubGlobal('crossOriginIsolated', true);
    const host = webHost();
    expect(host?.name).toBe('web');
    expect(host?.cores()).toBe(6);
    const init = { ctl: 1, desc: 2, slot: 3 } as unknown as WorkerInit;
    host?.spawn(init).terminate();
    expect(started).toHaveLength(1);
    expect(started[0]?.url).toMatch(/^blob:/);
    expect(started[0]?.messages).toEqual([init]);
    expect(started[0]?.terminated).toBe(true);
  });

  it("the worker's program is a plain script that reads its start data in both hosts", () => {
    expect(() => new Function(WORKER_SOURCE)).not.toThrow();
    expect(WORKER_SOURCE).toContain("require('node:worker_threads').workerData");
    expect(WORKER_SOURCE).toContain('self.onmessage');
  });
});
