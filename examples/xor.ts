/**
 * XOR with raw tensors: the smallest problem a straight line cannot solve, learned by a
 * 2 → 4 → 1 network written with plain ops (no layers, no optimizer object), so every step of
 * backpropagation is in view. Run it: `npx tsx examples/xor.ts`.
 */
import { fileURLToPath } from 'node:url';
import { binaryCrossEntropy, linear, noGrad, Rng, randn, sigmoid, type Tensor, tanh, tensor } from '../src/index.js';

/** A weight tensor with random values (scaled), made without the tape so it is a leaf we can train. */
function parameter(shape: number[], scale: number, rng: Rng): Tensor {
  const t = noGrad(() => randn(shape, { rng }).mul(scale));
  t.requiresGrad = true;
  return t;
}

/** Train the network on the 4 XOR rows; returns the loss of every step. */
export function trainXor({ steps = 2000, lr = 0.5, seed = 1, log = console.log } = {}): number[] {
  const rng = new Rng(seed);
  const x = tensor([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
  const y = tensor([[0], [1], [1], [0]]); // 1 when exactly one input is 1
  // Weights are [out, in] as in a Linear layer. Random values make the 4 hidden units differ.
  const w1 = parameter([4, 2], 1, rng);
  const b1 = parameter([4], 0.1, rng);
  const w2 = parameter([1, 4], 0.5, rng);
  const b2 = parameter([1], 0.1, rng);
  const losses: number[] = [];
  for (let step = 1; step <= steps; step++) {
    // 1. Predict: hidden = tanh(x·W1ᵀ + b1), output = sigmoid(hidden·W2ᵀ + b2), a probability.
    const hidden = tanh(linear(x, w1, b1));
    const output = sigmoid(linear(hidden, w2, b2));
    // 2. Compare with the answer: binary cross-entropy, −mean(y·log p + (1 − y)·log(1 − p)).
    const loss = binaryCrossEntropy(output, y);
    // 3. Backpropagate (fills w.grad for every weight) and step downhill: w ← w − lr · ∂loss/∂w.
    loss.backward();
    noGrad(() => {
      for (const w of [w1, b1, w2, b2]) {
        w.data.set(w.sub(w.grad!.mul(lr)).data); // in place: the same tensor, new values
        w.grad = null; // gradients add up across backward() calls: clear them for the next step
      }
    });
    losses.push(loss.item());
    if (step === 1 || step % Math.ceil(steps / 10) === 0) log(`step ${step}: loss ${loss.item().toFixed(4)}`);
  }
  const final = noGrad(() => sigmoid(linear(tanh(linear(x, w1, b1)), w2, b2)));
  log(`predictions for 00, 01, 10, 11: ${Array.from(final.data, (p) => p.toFixed(3)).join(', ')}`);
  return losses;
}

// Run when executed directly (not when a test imports it).
if (process.argv[1] === fileURLToPath(import.meta.url)) trainXor();
