/**
 * The training loop, short enough to read and copy. One update of the weights is the three steps
 * of backpropagation: 1. predict, 2. compare the prediction with the answer (the loss),
 * 3. backpropagate the loss to every weight's gradient and move each weight a small step downhill.
 * An epoch repeats that for every batch of the training data. `fit()` runs the same step and adds
 * validation, metrics, callbacks, the divergence guard and a progress display.
 */
import { type BatchSource, batches } from '../data/index.js';
import { type AnyOptimizer, clipGradNorm } from '../optim/index.js';
import type { Rng } from '../random.js';
import type { Tensor } from '../tensor.js';

/** What training needs of a model (every `Module` of `nn` is one): a forward pass and its weights. */
export interface Model {
  /** The prediction for a batch of inputs. */
  forward(x: Tensor): Tensor;
  /** The tensors the optimizer updates. */
  parameters(): Tensor[];
  /** Training mode (dropout active, batch statistics); evaluation mode with `eval()`. */
  train?(mode?: boolean): unknown;
  eval?(): unknown;
  /** Whether the model is in training mode. */
  training?: boolean;
  /** Weights and buffers by name (used to save and restore the best or last good weights). */
  stateDict?(): Record<string, Tensor>;
  loadStateDict?(stateDict: Record<string, Tensor>): unknown;
}

/** A loss: a scalar tensor that measures how far `output` is from `target` (e.g. `crossEntropy`). */
export type LossFunction = (output: Tensor, target: Tensor) => Tensor;

/** Options of `trainStep`. */
export interface StepOptions {
  /** Rescale the gradients so that their total norm is at most this before the update (`clipGradNorm`). */
  clipGradNorm?: number;
}

/**
 * One update of the weights on one batch: the three steps of backpropagation.
 * @param x inputs `[B, ...]`; @param y targets `[B, ...]`.
 * @param options `clipGradNorm`: clip the total gradient norm of the model's parameters to this
 *   between backpropagation and the update, as PyTorch's `clip_grad_norm_` between `backward()` and `step()`.
 * @returns the batch's loss (before the update) and the model's output.
 * @example
 * import { Adam, crossEntropy, Linear, tensor, trainStep } from 'neurite';
 * const model = new Linear(2, 2);
 * const optimizer = new Adam(model.parameters(), { lr: 0.01 });
 * const x = tensor([[0, 1], [1, 0]]);
 * const y = tensor([1, 0], { dtype: 'int32' });
 * trainStep(model, crossEntropy, optimizer, x, y).loss; // falls as you repeat it
 */
export function trainStep(
  model: Model,
  loss: LossFunction,
  optimizer: AnyOptimizer,
  x: Tensor,
  y: Tensor,
  options: StepOptions = {},
): { loss: number; output: Tensor } {
  const output = model.forward(x); // 1. predict
  const error = loss(output, y); // 2. compare with the answer: one number, lower is better
  optimizer.zeroGrad(); // gradients add up across backward() calls: start from none
  error.backward(); // 3a. backpropagate: ∂loss/∂w for every weight w, by the chain rule
  // Optional, for recurrent networks: backpropagation through time multiplies by the same weights at every
  // step, so one sequence can make the gradient explode and one update throw the weights far away.
  if (options.clipGradNorm !== undefined) clipGradNorm(model.parameters(), options.clipGradNorm);
  optimizer.step(); // 3b. update: w ← w − lr · ∂loss/∂w (or Adam's smarter version of it)
  return { loss: error.item(), output };
}

/** Options of `train`. */
export interface TrainOptions {
  loss: LossFunction;
  optimizer: AnyOptimizer;
  /** Passes over the data. Default 1. */
  epochs?: number;
  /** Samples per update. Default 32. */
  batchSize?: number;
  /** Visit the samples in a new random order every epoch (from `rng`). Default true. */
  shuffle?: boolean;
  /** Generator for the shuffling (default: the global one, see `manualSeed`). */
  rng?: Rng;
}

/**
 * Train `model` on `data`: for every epoch, for every batch, one `trainStep`. The plain loop,
 * without validation, metrics or progress display (use `fit` for those). Waits one event-loop
 * turn after each epoch so that a browser page stays responsive.
 * @param data `{ x: [N, ...], y: [N, ...] }` or a Dataset.
 * @returns the mean loss of every epoch (the average over its samples).
 * @example
 * import { Adam, crossEntropy, loadIris, Linear, train } from 'neurite';
 * const { x, y } = loadIris();
 * const model = new Linear(4, 3);
 * const optimizer = new Adam(model.parameters(), { lr: 0.01 });
 * const losses = await train(model, { x, y }, { loss: crossEntropy, optimizer, epochs: 10, batchSize: 16 });
 */
export async function train(model: Model, data: BatchSource, options: TrainOptions): Promise<number[]> {
  const { loss, optimizer, epochs = 1, batchSize = 32, shuffle = true, rng } = options;
  const losses: number[] = [];
  model.train?.();
  for (let epoch = 0; epoch < epochs; epoch++) {
    let total = 0;
    let count = 0;
    for (const batch of batches(data, { batchSize, shuffle, rng })) {
      const { loss: value } = trainStep(model, loss, optimizer, batch.x, batch.y);
      total += value * batch.indices.length; // a batch's mean loss, weighted by its size
      count += batch.indices.length;
    }
    losses.push(total / count);
    await nextTick();
  }
  return losses;
}

/**
 * Resolve on the next turn of the event loop (a macrotask), so a browser can repaint and handle
 * input between epochs. `setImmediate` in Node.js; a MessageChannel in browsers (unlike
 * `setTimeout(0)`, it is not clamped to 4 ms).
 */
export function nextTick(): Promise<void> {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate?.(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
