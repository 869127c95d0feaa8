/**
 * Conversions between optimizer / scheduler state and JSON-able state dicts. Keys are written
 * in PyTorch's snake_case (`exp_avg_sq`, `weight_decay`, `initial_lr`) so a checkpoint reads
 * like PyTorch's; arrays become plain number lists (float32 values convert to JS numbers
 * exactly, so a round trip is lossless).
 */
import { kernels } from '../backend/backend.js';
import type { FloatArray } from '../dtype.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';

/** A JSON value. */
export type Json = number | boolean | string | null | Json[] | { [key: string]: Json };

/** `weightDecay` → `weight_decay`. */
export function toSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `weight_decay` → `weightDecay`. */
export function toCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** A deep copy of a JSON value, throwing on anything JSON cannot hold (functions, NaN-free check aside). */
export function copyJson(value: unknown, where: string): Json {
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => copyJson(v, where));
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyJson(v, where)]));
  }
  throw new ValueError(`${where}: cannot store a ${typeof value} in a state dict`);
}

/** One parameter's state as JSON: numbers stay, arrays become number lists. */
export function stateToJson(state: Record<string, number | FloatArray | undefined>): Record<string, number | number[]> {
  const out: Record<string, number | number[]> = {};
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined) continue;
    out[toSnake(key)] = typeof value === 'number' ? value : Array.from(value);
  }
  return out;
}

/**
 * Parse one parameter's saved state: number lists become arrays of the parameter's dtype and
 * length, made by the backend's `stateZeros` (as an optimizer's own state).
 */
export function stateFromJson(saved: unknown, param: Tensor, where: string): Record<string, number | FloatArray> {
  if (typeof saved !== 'object' || saved === null) throw new ValueError(`${where}: expected an object`);
  const out: Record<string, number | FloatArray> = {};
  for (const [key, value] of Object.entries(saved)) {
    if (value === null) continue; // PyTorch writes momentum_buffer: None when momentum is 0
    if (typeof value === 'number') {
      out[toCamel(key)] = value;
    } else if (Array.isArray(value) || ArrayBuffer.isView(value)) {
      const values = value as ArrayLike<number>;
      if (values.length !== param.numel()) {
        throw new ValueError(`${where}: ${key} has ${values.length} values, the parameter has ${param.numel()}`);
      }
      // where the backend's updates read state without copies (the WASM backend: its memory)
      const array = kernels().stateZeros(param.data as FloatArray);
      array.set(values);
      out[toCamel(key)] = array;
    } else {
      throw new ValueError(`${where}: ${key} must be a number or a list of numbers`);
    }
  }
  return out;
}

/** A param group as JSON: snake_case hyperparameters plus the indices of its parameters. */
export function groupToJson(group: { params: Tensor[] }, index: Map<Tensor, number>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(group)) {
    if (key !== 'params' && value !== undefined) out[toSnake(key)] = copyJson(value, 'stateDict');
  }
  out.params = group.params.map((p) => index.get(p) as number);
  return out;
}

/** Hyperparameters of saved groups (camelCase, copied), after checking they fit the current groups. */
export function groupsFromJson(
  saved: unknown[],
  groups: ReadonlyArray<{ params: Tensor[] }>,
  where: string,
): Array<Record<string, Json>> {
  return saved.map((s, i) => {
    const group = groups[i] as { params: Tensor[] };
    if (typeof s !== 'object' || s === null) throw new ValueError(`${where}: param_groups[${i}] is not an object`);
    const params = (s as { params?: unknown }).params;
    if (!Array.isArray(params) || params.length !== group.params.length) {
      throw new ValueError(
        `${where}: saved param group ${i} has ${Array.isArray(params) ? params.length : 'no'} parameters, ` +
          `this optimizer's has ${group.params.length}`,
      );
    }
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(s)) {
      if (key !== 'params') out[toCamel(key)] = copyJson(value, where);
    }
    return out;
  });
}

/** A scheduler's fields as JSON with snake_case keys, except the references named in `skip`. */
export function saveFields(obj: object, skip: readonly string[]): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (!skip.includes(key) && value !== undefined) out[toSnake(key)] = copyJson(value, 'stateDict');
  }
  return out;
}

/** Assign saved fields (snake_case keys) onto `obj`; every key must name an existing field. */
export function loadFields(obj: object, saved: Record<string, Json>, skip: readonly string[], where: string): void {
  if (typeof saved !== 'object' || saved === null)
    throw new ValueError(`${where}: expected an object from stateDict()`);
  const updates: Array<[string, Json]> = [];
  for (const [key, value] of Object.entries(saved)) {
    const field = toCamel(key);
    if (skip.includes(field) || !Object.hasOwn(obj, field)) {
      throw new ValueError(`${where}: unknown entry '${key}'; was this state saved from another kind of schedule?`);
    }
    updates.push([field, copyJson(value, where)]);
  }
  for (const [field, value] of updates) (obj as Record<string, unknown>)[field] = value;
}
