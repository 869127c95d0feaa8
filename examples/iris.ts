/**
 * Iris, the explicit way: the training loop written out, so the three steps of backpropagation
 * are in plain sight. A 4 → 16 → 3 network learns to tell three species of iris apart from four
 * measurements of their flowers. Run it: `npx tsx examples/iris.ts`.
 */
import { fileURLToPath } from 'node:url';
import {
  Adam,
  argmax,
  batches,
  crossEntropy,
  Linear,
  loadIris,
  noGrad,
  ReLU,
  Rng,
  Sequential,
  StandardScaler,
  trainTestSplit,
} from '../src/index.js';

/** Train on 100 flowers, test on the other 50; returns the mean loss of every epoch. */
export function trainIris({ epochs = 200, seed = 1, log = console.log } = {}): { losses: number[]; accuracy: number } {
  const rng = new Rng(seed); // one seed: the same split, weights and batches every run
  const { x, y } = loadIris(); // x: [150, 4] measurements in cm, y: [150] species 0, 1, 2
  const { xTrain, xTest, yTrain, yTest } = trainTestSplit(x, y, { testSize: 50, stratify: true, rng });
  const scaler = new StandardScaler().fit(xTrain); // mean 0, std 1, from the training flowers only
  const data = { x: scaler.transform(xTrain), y: yTrain };
  const model = new Sequential(new Linear(4, 16, { rng }), new ReLU(), new Linear(16, 3, { rng }));
  const optimizer = new Adam(model.parameters(), { lr: 0.01 });
  const losses: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let total = 0;
    for (const batch of batches(data, { batchSize: 20, shuffle: true, rng })) {
      const scores = model.forward(batch.x); // 1. predict: one score per species
      const loss = crossEntropy(scores, batch.y); // 2. compare with the answer
      optimizer.zeroGrad();
      loss.backward(); // 3. backpropagate: the gradient of the loss for every weight…
      optimizer.step(); //    …and update: each weight takes a small step downhill
      total += loss.item() * batch.indices.length;
    }
    losses.push(total / 100);
    if (epoch === 1 || epoch % 20 === 0) log(`epoch ${epoch}: loss ${(total / 100).toFixed(4)}`);
  }
  const predicted = noGrad(() => argmax(model.forward(scaler.transform(xTest)), 1));
  const accuracy = predicted.eq(yTest).sum().item() / 50;
  log(`test accuracy: ${accuracy.toFixed(2)} on 50 flowers the network never saw`);
  return { losses, accuracy };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) trainIris();
