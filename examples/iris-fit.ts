/**
 * Iris with fit(): the same network and recipe as examples/iris.ts, with the loop, the plan, the
 * progress display, validation, metrics and early stopping done by the library.
 * Run it: `npx tsx examples/iris-fit.ts`.
 */
import { fileURLToPath } from 'node:url';
import {
  Adam,
  confusionMatrix,
  earlyStopping,
  evaluate,
  fit,
  formatConfusionMatrix,
  type History,
  Linear,
  loadIris,
  predict,
  ReLU,
  Rng,
  Sequential,
  StandardScaler,
  trainTestSplit,
} from '../src/index.js';

/** Train with fit() and report; returns the History and the test metrics. */
export async function fitIris({ epochs = 200, seed = 1, verbose = 1 as 0 | 1 | 2 } = {}): Promise<{
  history: History;
  test: Record<string, number>;
}> {
  const rng = new Rng(seed);
  const { x, y, classNames } = loadIris();
  const { xTrain, xTest, yTrain, yTest } = trainTestSplit(x, y, { testSize: 50, stratify: true, rng });
  const scaler = new StandardScaler().fit(xTrain);
  const model = new Sequential(new Linear(4, 16, { rng }), new ReLU(), new Linear(16, 3, { rng }));

  // Prints the plan (100 samples · batch size 20 → 5 updates per epoch · …), then the progress.
  const history = await fit(
    model,
    { x: scaler.transform(xTrain), y: yTrain },
    {
      loss: 'crossEntropy',
      optimizer: new Adam(model.parameters(), { lr: 0.01 }),
      epochs,
      batchSize: 20,
      metrics: ['accuracy'],
      // Stop when the training loss has not improved for 30 epochs, keeping the best weights.
      callbacks: [earlyStopping({ monitor: 'loss', patience: 30, restoreBestWeights: true })],
      rng,
      verbose,
    },
  );

  const testData = { x: scaler.transform(xTest), y: yTest };
  const test = evaluate(model, testData, { loss: 'crossEntropy', metrics: ['accuracy', 'f1'] });
  if (verbose > 0) {
    console.log(
      `test: loss ${test.loss?.toFixed(4)} · accuracy ${test.accuracy?.toFixed(2)} · F1 ${test.f1?.toFixed(2)}`,
    );
    console.log(formatConfusionMatrix(confusionMatrix(predict(model, testData.x), yTest), classNames));
  }
  return { history, test };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await fitIris();
