/**
 * From steepest descent to Adam: one network, the same initial weights and the same batches,
 * trained with SGD, SGD with momentum, RMSprop and Adam; the loss per epoch side by side.
 * Run it: `npx tsx examples/optimizers.ts` (or `npx neurite compare-optimizers iris`).
 */
import { fileURLToPath } from 'node:url';
import {
  Adam,
  fit,
  Linear,
  loadIris,
  type Optimizer,
  ReLU,
  RMSprop,
  Rng,
  Sequential,
  SGD,
  StandardScaler,
  type Tensor,
  trainTestSplit,
} from '../src/index.js';

/** Each optimizer with a learning rate that suits it (Adam and RMSprop scale their own steps). */
const OPTIMIZERS: Record<string, (params: Tensor[]) => Optimizer> = {
  'SGD (lr 0.1)': (p) => new SGD(p, { lr: 0.1 }), // w ← w − lr·g: steepest descent
  'momentum (lr 0.05)': (p) => new SGD(p, { lr: 0.05, momentum: 0.9 }), // a velocity that averages g
  'RMSprop (lr 0.01)': (p) => new RMSprop(p, { lr: 0.01 }), // per-weight steps, g / √(mean g²)
  'Adam (lr 0.01)': (p) => new Adam(p, { lr: 0.01 }), // momentum + RMSprop, bias-corrected
};

/** Train once per optimizer; returns each one's loss per epoch. */
export async function compareOptimizers({ epochs = 100, seed = 1, log = console.log } = {}) {
  const rng = new Rng(seed);
  const { x, y } = loadIris();
  const { xTrain, yTrain } = trainTestSplit(x, y, { testSize: 50, stratify: true, rng });
  const data = { x: new StandardScaler().fitTransform(xTrain), y: yTrain };
  const makeModel = () => new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
  const initial = new Sequential(new Linear(4, 16, { rng }), new ReLU(), new Linear(16, 3, { rng })).stateDict();

  const losses: Record<string, number[]> = {};
  for (const [name, make] of Object.entries(OPTIMIZERS)) {
    const model = makeModel();
    model.loadStateDict(initial); // everyone starts from the same weights…
    const history = await fit(model, data, {
      loss: 'crossEntropy',
      optimizer: make(model.parameters()),
      epochs,
      batchSize: 20,
      seed, // …and sees the same batches in the same order
      verbose: 0,
    });
    losses[name] = history.epochs.map((e) => e.loss);
  }

  const names = Object.keys(losses);
  log(['epoch', ...names].map((s, i) => (i === 0 ? s.padStart(5) : s.padStart(20))).join(''));
  for (let e = 0; e < epochs; e++) {
    if (e !== 0 && (e + 1) % 10 !== 0) continue;
    log(
      [String(e + 1).padStart(5), ...names.map((n) => (losses[n]?.[e] ?? Number.NaN).toFixed(4).padStart(20))].join(''),
    );
  }
  return losses;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await compareOptimizers();
