/**
 * data/: datasets, the batch iterator, train/test splits, scalers, label encodings, the CSV parser
 * and the built-in data sets. Everything here runs in browsers; file paths are in `neurite/node`.
 */
export { type CsvData, type CsvOptions, parseCsv } from './csv.js';
export { type Dataset, type RandomSource, type Sample, TensorDataset } from './dataset.js';
export { type ImageClassificationData, loadDigits } from './datasets/digits.js';
export {
  type IdxArray,
  type IdxData,
  type IdxDType,
  idxImages,
  idxLabels,
  parseIdx,
} from './datasets/idx.js';
export { type ClassificationData, loadIris } from './datasets/iris.js';
export {
  CharVocab,
  loadText,
  nextTokenWindows,
  splitText,
  type TokenWindows,
  unigramEntropy,
} from './datasets/text.js';
export {
  type SequenceClassificationData,
  type Series,
  type SineWaveOptions,
  sineWaves,
  type WaveformOptions,
  type WindowOptions,
  type Windows,
  waveforms,
  windows,
} from './datasets/timeseries.js';
export {
  type GaussianRingOptions,
  gaussianRing,
  type MixtureData,
  type ModeCoverage,
  type ModeCoverageOptions,
  modeCoverage,
} from './datasets/toy2d.js';
export { type Label, LabelEncoder, oneHot } from './encoding.js';
export { type Batch, type BatchOptions, type BatchSource, batches, numBatches } from './loader.js';
export {
  MinMaxScaler,
  type MinMaxScalerOptions,
  StandardScaler,
  type StandardScalerOptions,
} from './scalers.js';
export { type SplitOptions, type SplitResult, trainTestSplit } from './split.js';
