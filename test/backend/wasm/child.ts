/**
 * Run as a child process by pool.test.ts (`node --import tsx child.ts <mode>`), so that what it
 * checks is a whole program: `threads` prints the thread count the environment asked for;
 * `train` trains with worker threads and then simply ends — the process must exit by itself.
 */
import { getNumThreads, setNumThreads } from '../../../src/backend/backend.js';
import { wasmBackend } from '../../../src/backend/wasm/index.js';
import { Linear, manualSeed, mseLoss, randn, SGD, setBackend } from '../../../src/index.js';

const mode = process.argv[2];
if (mode === 'threads') {
  console.log(JSON.stringify({ threads: getNumThreads() }));
} else if (mode === 'train') {
  manualSeed(0);
  setBackend('wasm');
  setNumThreads(2);
  const model = new Linear(512, 512); // products of 512³ multiply-adds: large enough to run as threaded jobs
  const optimizer = new SGD(model.parameters(), { lr: 0.01 });
  const x = randn([512, 512]);
  const y = randn([512, 512]);
  for (let step = 0; step < 5; step++) {
    optimizer.zeroGrad();
    mseLoss(model.forward(x), y).backward();
    optimizer.step();
  }
  const pool = wasmBackend()?.pool;
  console.log(JSON.stringify({ workers: pool?.workerCount, jobs: pool?.stats.jobs }));
}
