/**
 * Hyperparameter checks shared by the optimizers. Bad values fail in the constructor with a
 * ValueError that names the optimizer, the option and the value (`Adam: lr must be > 0, got
 * -0.1`); a learning rate ≥ 1 is allowed but warns once per optimizer class.
 */
import { ValueError } from '../errors.js';
import { warnOnce } from '../warnings.js';

/** Throw unless `value` is a number (options often arrive as strings from a CLI or a form). */
function expectNumber(where: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') {
    throw new ValueError(`${where}: ${name} must be a number, got ${JSON.stringify(value)} (${typeof value})`);
  }
}

/**
 * Check a learning rate: a finite number > 0. Unless `warnLarge` is false (Adadelta, whose
 * `lr` is a scale with default 1), lr ≥ 1 warns once per optimizer class.
 *
 * @param optimizer the class name, used as the warning's key.
 * @param where the optimizer, and the param group when there are several ("Adam (param group 1)").
 */
export function checkLr(optimizer: string, where: string, lr: unknown, warnLarge = true): void {
  expectNumber(where, 'lr', lr);
  if (!(lr > 0)) {
    throw new ValueError(`${where}: lr must be > 0, got ${lr}. The learning rate is the step size; try lr: 0.01.`);
  }
  if (!Number.isFinite(lr)) throw new ValueError(`${where}: lr must be finite, got ${lr}`);
  if (warnLarge && lr >= 1) {
    warnOnce(
      `optim.lr.${optimizer}`,
      `${where}: lr = ${lr} is very large. Each update moves the weights by lr times the gradient (or ` +
        `its normalized form), so a step this big usually overshoots the minimum, and the loss grows or ` +
        `becomes NaN (the training diverges) instead of falling. Typical values are 0.001–0.1; try lr: 0.01.`,
    );
  }
}

/** Check that an option is a finite number ≥ 0 (eps, weightDecay, momentum, …). */
export function checkNonNegative(where: string, name: string, value: unknown): void {
  expectNumber(where, name, value);
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new ValueError(`${where}: ${name} must be a finite number >= 0, got ${value}`);
  }
}

/**
 * Check that an option lies in [0, 1), or [0, 1] with `closed` (decay rates: betas, rho, alpha).
 * A rate of 1 or more never forgets and the running average grows without bound.
 */
export function checkRate(where: string, name: string, value: unknown, closed = false): void {
  expectNumber(where, name, value);
  const ok = value >= 0 && (closed ? value <= 1 : value < 1);
  if (!ok) {
    throw new ValueError(`${where}: ${name} must be in [0, 1${closed ? ']' : ')'}, got ${value}`);
  }
}

/** Check Adam-style `betas: [beta1, beta2]`, each in [0, 1). */
export function checkBetas(where: string, betas: unknown): void {
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new ValueError(`${where}: betas must be a pair [beta1, beta2] such as [0.9, 0.999], got ${String(betas)}`);
  }
  checkRate(where, 'betas[0]', betas[0]);
  checkRate(where, 'betas[1]', betas[1]);
}

/** Check a boolean flag (amsgrad, nesterov, centered, maximize). */
export function checkFlag(where: string, name: string, value: unknown): void {
  if (typeof value !== 'boolean') {
    throw new ValueError(`${where}: ${name} must be true or false, got ${JSON.stringify(value)}`);
  }
}
