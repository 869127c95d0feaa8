/**
 * One sample of `bench:ab --what w6` (see ab.ts): `node --import tsx bench/ab-child.ts TREE N THREADS`
 * loads the neurite of source tree TREE, multiplies two n × n float32 matrices on the wasm backend
 * with THREADS threads (3 warm-up calls, 9 timed) and prints the median GFLOP/s.
 */
import { median } from './lib/stats.js';
import { now } from './lib/timing.js';

const [tree, nArg, threadsArg] = process.argv.slice(2);
if (tree === undefined || nArg === undefined || threadsArg === undefined) {
  console.error('usage: node --import tsx bench/ab-child.ts TREE N THREADS (started by bench/ab.ts)');
  process.exit(2);
}
const nn = (await import(`${tree}/src/node.ts`)) as typeof import('../src/node.js');
nn.setBackend('wasm');
nn.setNumThreads(Number(threadsArg));
const n = Number(nArg);
const rng = new nn.Rng(6);
const a = nn.rand([n, n], { rng });
const b = nn.rand([n, n], { rng });
for (let i = 0; i < 3; i++) nn.matmul(a, b);
// let workers that setNumThreads started finish booting before the timed calls
await new Promise((done) => setTimeout(done, 100));
const ms: number[] = [];
for (let i = 0; i < 9; i++) {
  const t0 = now();
  nn.matmul(a, b);
  ms.push(now() - t0);
}
console.log(((2 * n ** 3) / (median(ms) * 1e6)).toFixed(2));
process.exit(0);
