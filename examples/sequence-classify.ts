/**
 * Sequence classification with a recurrent network: is a noisy periodic signal a sine, a square or
 * a sawtooth wave? A GRU reads the 64 steps one by one; its last hidden state, a summary of the
 * whole sequence, goes through a linear layer to three class scores. The loop is written out, with
 * gradient clipping between backpropagation and the update, as recurrent networks need.
 * Run it: `npx tsx examples/sequence-classify.ts`.
 */
import { fileURLToPath } from 'node:url';
import {
  Adam,
  accuracy,
  batches,
  clipGradNorm,
  crossEntropy,
  GRU,
  Linear,
  Module,
  noGrad,
  Rng,
  type Tensor,
  waveforms,
} from '../src/index.js';

/** GRU(1 → hidden) over [N, T, 1], then Linear(hidden → 3) on the last hidden state: [N, 3] logits. */
class WaveClassifier extends Module<[Tensor], Tensor> {
  gru: GRU;
  head: Linear;

  constructor(hidden: number, rng: Rng) {
    super();
    this.gru = new GRU(1, hidden, { rng });
    this.head = new Linear(hidden, 3, { rng });
  }

  forward(x: Tensor): Tensor {
    const { h } = this.gru.forward(x); // h [1, N, H]: the state after the last step
    return this.head.forward(h.squeeze(0));
  }
}

/** Train and test; returns the mean training loss of every epoch and the test accuracy. */
export async function classifyWaveforms({
  epochs = 6,
  trainSize = 600,
  testSize = 300,
  hidden = 32,
  seed = 1,
  log = console.log as (line: string) => void,
} = {}): Promise<{ losses: number[]; accuracy: number }> {
  const rng = new Rng(seed);
  // Rows cycle sine, square, sawtooth; each has its own random frequency and phase, plus noise.
  const { x, y, classNames } = waveforms({ n: trainSize + testSize, rng });
  const sequences = x.unsqueeze(2); // [N, 64] → [N, 64, 1]: one feature per step, batch-first
  const train = { x: sequences.slice(0, 0, trainSize), y: y.slice(0, 0, trainSize) };
  const test = { x: sequences.slice(0, trainSize), y: y.slice(0, trainSize) };

  const model = new WaveClassifier(hidden, rng);
  const optimizer = new Adam(model.parameters(), { lr: 1e-2 });
  log(`${classNames.join(' / ')}: ${trainSize} sequences of 64 steps to train on, ${testSize} to test on`);
  const losses: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let total = 0;
    for (const batch of batches(train, { batchSize: 32, shuffle: true, rng })) {
      const loss = crossEntropy(model.forward(batch.x), batch.y); // 1. predict, 2. compare
      optimizer.zeroGrad();
      loss.backward(); // 3. backpropagate through the 64 steps
      clipGradNorm(model.parameters(), 1); // keep one bad batch from throwing the weights away
      optimizer.step(); // 4. update
      total += loss.item() * batch.indices.length;
    }
    losses.push(total / trainSize);
    log(`epoch ${epoch}/${epochs} · loss ${(total / trainSize).toFixed(4)}`);
  }

  model.eval();
  const testAccuracy = noGrad(() => accuracy(model.forward(test.x), test.y));
  log(`test accuracy ${testAccuracy.toFixed(3)} (chance: 0.333)`);
  return { losses, accuracy: testAccuracy };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await classifyWaveforms();
