import { defineConfig } from 'vitest/config';

// The whole suite runs once per backend: NEURITE_BACKEND picks the default backend (see
// src/backend/backend.ts), so op, PyTorch-parity and training tests prove both. The WASM
// backend's own tests (test/backend/wasm/) choose backends explicitly and run once; the bench
// harness's tests (test/bench/) do not depend on the backend and run once, in the js project.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    // Two cores here: keep the pool small so heavy tests do not starve each other.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'js',
          include: ['test/**/*.test.ts'],
          exclude: ['test/backend/wasm/**'],
          env: { NEURITE_BACKEND: 'js' },
        },
      },
      {
        extends: true,
        test: {
          name: 'wasm',
          include: ['test/**/*.test.ts'],
          exclude: ['test/bench/**'],
          env: { NEURITE_BACKEND: 'wasm' },
        },
      },
    ],
  },
});
