/**
 * nn: the building blocks of models — `Module` (parameters, buffers, state dicts with PyTorch's
 * keys), containers, layers, activation and loss modules, and the initializers (`init.*`).
 */

export {
  ELU,
  GELU,
  Hardsigmoid,
  Hardtanh,
  LeakyReLU,
  LogSoftmax,
  Mish,
  ReLU,
  ReLU6,
  SELU,
  Sigmoid,
  SiLU,
  Softmax,
  Softplus,
  Softsign,
  Tanh,
} from './activation.js';
export {
  Conv1d,
  type Conv1dLayerOptions,
  Conv2d,
  type Conv2dLayerOptions,
  ConvTranspose2d,
  type ConvTranspose2dLayerOptions,
} from './conv.js';
export { Dropout, Dropout2d } from './dropout.js';
export { Embedding, type EmbeddingOptions } from './embedding.js';
export type { FanMode, InitOptions, InitTarget, KaimingOptions, Nonlinearity } from './init.js';
export * as init from './init.js';
export { Flatten, Identity, Linear, type LinearOptions } from './linear.js';
export {
  BCELoss,
  BCEWithLogitsLoss,
  CrossEntropyLoss,
  HuberLoss,
  KLDivLoss,
  L1Loss,
  MSELoss,
  MultiMarginLoss,
  NLLLoss,
  SmoothL1Loss,
} from './loss.js';
export { type AnyModule, Module } from './module.js';
export { BatchNorm1d, BatchNorm2d, type BatchNormLayerOptions, LayerNorm, type LayerNormOptions } from './norm.js';
export { Parameter } from './parameter.js';
export {
  AdaptiveAvgPool1d,
  AdaptiveAvgPool2d,
  AvgPool1d,
  AvgPool2d,
  type AvgPoolLayerOptions,
  MaxPool1d,
  MaxPool2d,
  type MaxPoolLayerOptions,
} from './pool.js';
export { GRU, LSTM, RNN } from './recurrent.js';
export type {
  LSTMOutput,
  RecurrentInput,
  RecurrentOptions,
  RecurrentOutput,
  RNNOptions,
  SequenceLengths,
} from './recurrent-state.js';
export { type CellOptions, GRUCell, LSTMCell, RNNCell, type RNNCellOptions } from './rnn-cells.js';
export { gruStep, type HiddenWeights, type LSTMState, lstmStep, type RNNNonlinearity, rnnStep } from './rnn-steps.js';
export { ModuleList, Sequential } from './sequential.js';
export type { LoadResult, StateValue } from './state-dict.js';
export type { SummaryOptions } from './summary.js';
