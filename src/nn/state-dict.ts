/**
 * The state-dict half of `Module`: snapshots for `stateDict()` and the checked, in-place copy of
 * `loadStateDict()`. Kept apart so module.ts stays about registration and traversal.
 */
import { castArray, type DType, type TypedArray } from '../dtype.js';
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import { numel, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';

/**
 * A value `loadStateDict` accepts: a `Tensor`, or anything with a shape and flat row-major data —
 * numbers or bigints (a PyTorch int64 buffer such as `num_batches_tracked` read as a
 * `BigInt64Array`, or parsed JSON).
 */
export interface StateValue {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number> | ArrayLike<bigint>;
}

/** What `loadStateDict` reports (with `strict: false`; with strict both are empty or it throws). */
export interface LoadResult {
  /** Keys of the module that the state dict did not have (left unchanged). */
  missingKeys: string[];
  /** Keys of the state dict that the module does not have (ignored). */
  unexpectedKeys: string[];
}

/** A detached copy with its own storage. */
export function snapshot(t: Tensor): Tensor {
  return new Tensor(t.data.slice(), t.shape);
}

/** The values of `v` in the storage type of `dtype` (float → int truncates, as PyTorch's copy_). */
function convert(v: StateValue, dtype: DType): TypedArray {
  if (v instanceof Tensor) return v.dtype === dtype ? v.data : castArray(v.data, dtype);
  const data = v.data as ArrayLike<number | bigint>;
  const f64 = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) f64[i] = Number(data[i]);
  return castArray(f64, dtype);
}

function quoteList(keys: readonly string[]): string {
  const shown = keys.slice(0, 10).map((k) => `'${k}'`);
  return keys.length > 10 ? `${shown.join(', ')} and ${keys.length - 10} more` : shown.join(', ');
}

/**
 * Check `given` against the module's `entries` (key → its live tensor) and copy in place.
 * All checks run before the first copy, so a failed load leaves the module unchanged.
 */
export function loadState(
  moduleName: string,
  entries: ReadonlyArray<[string, Tensor]>,
  given: Record<string, StateValue>,
  strict: boolean,
): LoadResult {
  const where = `loadStateDict(${moduleName})`;
  if (given === null || typeof given !== 'object') {
    throw new ValueError(`${where}: expected an object of key → tensor, got ${given === null ? 'null' : typeof given}`);
  }
  const known = new Set(entries.map(([k]) => k));
  const unexpectedKeys = Object.keys(given).filter((k) => !known.has(k));
  const missingKeys: string[] = [];
  const plan: Array<[Tensor, StateValue]> = [];
  for (const [key, target] of entries) {
    const value = given[key];
    if (value === undefined) {
      missingKeys.push(key);
      continue;
    }
    if (value === null || !Array.isArray(value.shape) || value.data === undefined) {
      throw new ValueError(`${where}: the value of '${key}' is not a tensor (expected a Tensor or { shape, data })`);
    }
    if (!shapesEqual(value.shape, target.shape)) {
      throw new ShapeError(
        `${where}: '${key}' has shape ${fmtShape(value.shape)} in the state dict but ${fmtShape(target.shape)} ` +
          'in the model; the state dict was saved from a differently sized layer — build the model with ' +
          'the same sizes, or leave this key out and load with { strict: false }',
      );
    }
    if (value.data.length !== numel(target.shape)) {
      throw new ShapeError(
        `${where}: '${key}' has ${value.data.length} values for shape ${fmtShape(value.shape)} ` +
          `(${numel(target.shape)} needed)`,
      );
    }
    plan.push([target, value]);
  }
  if (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0)) {
    const parts: string[] = [];
    if (missingKeys.length > 0) parts.push(`missing keys: ${quoteList(missingKeys)}`);
    if (unexpectedKeys.length > 0) parts.push(`unexpected keys: ${quoteList(unexpectedKeys)}`);
    throw new ValueError(
      `${where}: the state dict does not match the model (${parts.join('; ')}). Check that it was saved ` +
        'from the same architecture, or pass { strict: false } to load only the matching keys',
    );
  }
  for (const [target, value] of plan) target.data.set(convert(value, target.dtype));
  return { missingKeys, unexpectedKeys };
}
