/**
 * The CLI's data presets and the network it builds for them. `iris`: the 150 flowers split
 * 100 / 50, stratified by species, inputs standardized with the training part's mean and standard
 * deviation, and a 4 → hidden → 3 multilayer perceptron. One seed drives everything random (the
 * split, the initial weights, the shuffling), so a run is reproduced exactly by its seed.
 */
import {
  type AnyModule,
  ELU,
  GELU,
  LeakyReLU,
  Linear,
  loadIris,
  ReLU,
  Rng,
  Sequential,
  Sigmoid,
  SiLU,
  StandardScaler,
  Tanh,
  type Tensor,
  trainTestSplit,
  ValueError,
} from '../index.js';

/** A data set ready to train on: standardized features, labels, the held-out part, names. */
export interface PresetData {
  name: string;
  xTrain: Tensor;
  yTrain: Tensor;
  xTest: Tensor;
  yTest: Tensor;
  classNames: string[];
  inputs: number;
  classes: number;
}

/** The presets `neurite train` knows. */
export const PRESETS = ['iris'] as const;
export type PresetName = (typeof PRESETS)[number];

/** Hidden-layer activations by their CLI name. */
export const ACTIVATIONS: Record<string, () => AnyModule> = {
  relu: () => new ReLU(),
  tanh: () => new Tanh(),
  sigmoid: () => new Sigmoid(),
  leakyRelu: () => new LeakyReLU(),
  elu: () => new ELU(),
  gelu: () => new GELU(),
  silu: () => new SiLU(),
};

/**
 * Load a preset: for iris, 100 training and 50 test flowers (stratified, drawn from `rng`), the
 * features standardized with the training part's statistics only (the test part stays unseen).
 */
export function loadPreset(name: string, rng: Rng): PresetData {
  if (name !== 'iris') throw new ValueError(`unknown preset '${name}'; available: ${PRESETS.join(', ')}`);
  const { x, y, classNames } = loadIris();
  const { xTrain, xTest, yTrain, yTest } = trainTestSplit(x, y, { testSize: 50, stratify: true, rng });
  const scaler = new StandardScaler().fit(xTrain);
  return {
    name,
    xTrain: scaler.transform(xTrain),
    yTrain,
    xTest: scaler.transform(xTest),
    yTest,
    classNames,
    inputs: x.shape[1] as number,
    classes: classNames.length,
  };
}

/** inputs → hidden (activation) → classes, initial weights drawn from `rng`. */
export function buildMlp(inputs: number, hidden: number, classes: number, activation: string, rng: Rng): Sequential {
  const make = ACTIVATIONS[activation];
  if (make === undefined) {
    throw new ValueError(`unknown activation '${activation}'; choose one of ${Object.keys(ACTIVATIONS).join(', ')}`);
  }
  return new Sequential(new Linear(inputs, hidden, { rng }), make(), new Linear(hidden, classes, { rng }));
}

/** The preset and network for one seed: data first, then weights, from the same generator. */
export function setup(preset: string, seed: number, hidden: number, activation: string) {
  const rng = new Rng(seed);
  const data = loadPreset(preset, rng);
  const model = buildMlp(data.inputs, hidden, data.classes, activation, rng);
  return { rng, data, model };
}
