/**
 * Loading TensorFlow.js 4.22 inside a benchmark process with the cpu (plain JS) or wasm backend.
 * Under Node, tfjs-backend-wasm loads its non-threaded binary (its threaded one needs a
 * cross-origin-isolated browser), so the wasm backend runs on one thread; we report what it says.
 */

/** The tfjs module. */
export type Tfjs = typeof import('@tensorflow/tfjs');

/**
 * Import tfjs, register and select `backend`, and wait until it is ready.
 * @returns the module and its settings (version, backend, SIMD and thread count for wasm).
 */
export async function loadTfjs(
  backend: string,
): Promise<{ tf: Tfjs; info: Record<string, string | number | boolean> }> {
  const tf = await import('@tensorflow/tfjs');
  const info: Record<string, string | number | boolean> = { version: tf.version.tfjs };
  let threadsCount: (() => number) | undefined;
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    threadsCount = wasm.getThreadsCount;
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend '${backend}' failed to initialize`);
  await tf.ready();
  info.backend = tf.getBackend();
  if (backend === 'wasm') {
    info.simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    info.threads = threadsCount?.() ?? 1;
  }
  return { tf, info };
}
