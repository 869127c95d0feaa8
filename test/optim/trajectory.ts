/**
 * Replays the PyTorch trajectories of test/fixtures/optim.json (written by
 * scripts/fixtures/optim.py) with neurite: the same problem, optimizer and schedule, 25 steps.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import {
  Adadelta,
  Adagrad,
  Adam,
  Adamax,
  AdamW,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  ExponentialLR,
  LinearLR,
  type LRScheduler,
  MultiStepLR,
  NAdam,
  OneCycleLR,
  type Optimizer,
  ReduceLROnPlateau,
  RMSprop,
  SequentialLR,
  SGD,
  StepLR,
  type Tensor,
  tensor,
} from '../../src/index.js';
import { expectClose } from '../helpers/allclose.js';

export interface ScheduleSpec {
  type: string;
  options?: Record<string, unknown>;
  schedulers?: ScheduleSpec[];
  milestones?: number[];
}

export interface Case {
  name: string;
  optimizer: string;
  options: Record<string, unknown>;
  groups?: Array<Record<string, unknown>>;
  negate?: boolean;
  dtype?: 'float32' | 'float64';
  schedule?: ScheduleSpec;
  metrics?: number[];
  /** Both parameters, flattened and concatenated, after each step. */
  params: number[][];
  /** Each group's lr after construction, then after each step. */
  lrs: number[][];
  /** Each group's momentum (or β1) likewise, for OneCycleLR. */
  momenta?: number[][];
}

export interface ClipCase {
  kind: 'norm' | 'value';
  max: number;
  normType?: number | 'inf';
  totalNorm?: number;
  grads: number[];
}

interface Fixture {
  steps: number;
  problem: Record<'w1' | 'w2' | 'a1' | 'c1' | 'a2' | 'c2', number[] | number[][]>;
  optimizers: Case[];
  schedules: Case[];
  clip: ClipCase[];
}

export const fixture = JSON.parse(readFileSync(new URL('../fixtures/optim.json', import.meta.url), 'utf8')) as Fixture;

// biome-ignore lint/suspicious/noExplicitAny: the fixture names the class; options are checked by the constructors
type AnyClass = new (...args: any[]) => any;
const OPTIMIZERS: Record<string, AnyClass> = { SGD, Adagrad, RMSprop, Adadelta, Adam, AdamW, Adamax, NAdam };
const SCHEDULES: Record<string, AnyClass> = {
  StepLR,
  MultiStepLR,
  ExponentialLR,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  LinearLR,
  OneCycleLR,
  ReduceLROnPlateau,
};

/** The problem's two parameters at their initial values. */
export function makeParams(dtype: 'float32' | 'float64' = 'float32'): [Tensor, Tensor] {
  const { w1, w2 } = fixture.problem;
  return [tensor(w1, { dtype, requiresGrad: true }), tensor(w2, { dtype, requiresGrad: true })];
}

/** L = Σ(w1·a1 − c1)² + Σ(w2·a2 − c2)² + 0.1·(Σw1⁴ + Σw2⁴), written exactly as the Python script. */
export function loss(w1: Tensor, w2: Tensor, negate = false): Tensor {
  const { a1, c1, a2, c2 } = fixture.problem;
  const dtype = w1.dtype as 'float32' | 'float64';
  const r1 = w1.mul(tensor(a1, { dtype })).sub(tensor(c1, { dtype }));
  const r2 = w2.mul(tensor(a2, { dtype })).sub(tensor(c2, { dtype }));
  const quartic = w1.mul(w1).mul(w1).mul(w1).sum().add(w2.mul(w2).mul(w2).mul(w2).sum()).mul(0.1);
  const l = r1.mul(r1).sum().add(r2.mul(r2).sum()).add(quartic);
  return negate ? l.neg() : l;
}

/** The optimizer of a case over [w1, w2] (two groups, one parameter each, when the case has groups). */
export function buildOptimizer(c: Case, [w1, w2]: [Tensor, Tensor]): Optimizer {
  const cls = OPTIMIZERS[c.optimizer] as AnyClass;
  const params = c.groups ? c.groups.map((g, i) => ({ params: [i === 0 ? w1 : w2], ...g })) : [w1, w2];
  return new cls(params, c.options);
}

export function buildSchedule(spec: ScheduleSpec, opt: Optimizer): LRScheduler | ReduceLROnPlateau {
  if (spec.type === 'SequentialLR') {
    const inner = (spec.schedulers ?? []).map((s) => buildSchedule(s, opt) as LRScheduler);
    return new SequentialLR(opt, inner, spec.milestones ?? []);
  }
  return new (SCHEDULES[spec.type] as AnyClass)(opt, spec.options ?? {});
}

/** The momentum (or β1) of each group, as the fixture records it. */
export function momenta(opt: Optimizer): number[] {
  return opt.paramGroups.map((g) => {
    const group = g as unknown as { betas?: number[]; momentum?: number };
    return group.betas ? (group.betas[0] as number) : (group.momentum ?? 0);
  });
}

/** One training step of a case: zeroGrad, backward, optimizer step, schedule step. */
export function trainStep(
  c: Case,
  opt: Optimizer,
  schedule: LRScheduler | ReduceLROnPlateau | null,
  params: [Tensor, Tensor],
  step: number,
): void {
  opt.zeroGrad();
  loss(params[0], params[1], c.negate).backward();
  opt.step();
  if (schedule instanceof ReduceLROnPlateau) schedule.step((c.metrics as number[])[step] as number);
  else schedule?.step();
}

/** The two parameters' values, flattened and concatenated as in the fixture. */
export function values([w1, w2]: [Tensor, Tensor]): number[] {
  return [...Array.from(w1.data as Float32Array), ...Array.from(w2.data as Float32Array)];
}

// ---- replays shared by the per-file tests ------------------------------------------------------

/** The parity tolerance of the fixtures: |a − b| ≤ 1e-4 · max(|b|, 1e-3). */
export const TOL = { rtol: 1e-4, floor: 1e-3 };

/** The fixture's optimizer cases for these optimizer classes. */
export function optimizerCases(...names: string[]): Case[] {
  const cases = fixture.optimizers.filter((c) => names.includes(c.optimizer));
  if (cases.length === 0) throw new Error(`no fixture cases for ${names.join(', ')}`);
  return cases;
}

/** The fixture's schedule cases for these schedule types. */
export function scheduleCases(...types: string[]): Case[] {
  const cases = fixture.schedules.filter((c) => types.includes(c.schedule?.type ?? ''));
  if (cases.length === 0) throw new Error(`no fixture cases for ${types.join(', ')}`);
  return cases;
}

/** Replay an optimizer case: every weight after every step within TOL of PyTorch's. */
export function replayOptimizer(c: Case): void {
  const params = makeParams(c.dtype);
  const opt = buildOptimizer(c, params);
  c.params.forEach((expected, step) => {
    trainStep(c, opt, null, params, step);
    expectClose(values(params), expected, { ...TOL, label: `${c.name}, step ${step + 1}` });
  });
}

/** Replay a schedule case: the lrs (from construction on), momenta and weights within TOL of PyTorch's. */
export function replaySchedule(c: Case): void {
  const params = makeParams();
  const opt = buildOptimizer(c, params);
  const schedule = buildSchedule(c.schedule as ScheduleSpec, opt);
  // constructing the schedule already sets the lr of step 0
  expectClose(
    opt.paramGroups.map((g) => g.lr),
    c.lrs[0] as number[],
    { ...TOL, label: `${c.name}, initial lr` },
  );
  if (c.momenta) expectClose(momenta(opt), c.momenta[0] as number[], { ...TOL, label: `${c.name}, initial momentum` });
  for (let step = 0; step < fixture.steps; step++) {
    trainStep(c, opt, schedule, params, step);
    const label = `${c.name}, step ${step + 1}`;
    expectClose(schedule.getLastLr(), c.lrs[step + 1] as number[], { ...TOL, label: `${label} lr` });
    if (c.momenta) expectClose(momenta(opt), c.momenta[step + 1] as number[], { ...TOL, label: `${label} momentum` });
    expectClose(values(params), c.params[step] as number[], { ...TOL, label: `${label} weights` });
  }
}

/**
 * Run a case for `split` steps, save optimizer (and schedule) through JSON, restore them into
 * fresh objects over a copy of the weights, and check both runs stay bit-identical to the end.
 */
export function checkRoundTrip(c: Case, split = 10): void {
  const a = makeParams(c.dtype);
  const optA = buildOptimizer(c, a);
  const schedA = c.schedule ? buildSchedule(c.schedule, optA) : null;
  for (let step = 0; step < split; step++) trainStep(c, optA, schedA, a, step);
  const saved = JSON.parse(JSON.stringify({ opt: optA.stateDict(), sched: schedA?.stateDict() ?? null }));

  const b = makeParams(c.dtype);
  b[0].data.set(a[0].data);
  b[1].data.set(a[1].data);
  const optB = buildOptimizer(c, b);
  const schedB = c.schedule ? buildSchedule(c.schedule, optB) : null;
  optB.loadStateDict(saved.opt);
  schedB?.loadStateDict(saved.sched);
  for (let step = split; step < fixture.steps; step++) {
    trainStep(c, optA, schedA, a, step);
    trainStep(c, optB, schedB, b, step);
    if (schedA && schedB) expect(schedB.getLastLr()).toEqual(schedA.getLastLr());
  }
  expect(values(b)).toEqual(values(a));
}

/** The parity and round-trip tests of some fixture cases, one `it` each. */
export function fixtureTests(
  cases: Case[],
  replay: (c: Case) => void,
  it: (name: string, fn: () => void) => void,
): void {
  for (const c of cases) {
    it(`${c.name}: matches PyTorch over ${fixture.steps} steps`, () => replay(c));
    it(`${c.name}: a JSON state-dict round trip mid-way continues identically`, () => checkRoundTrip(c));
  }
}
