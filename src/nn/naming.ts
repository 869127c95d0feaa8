/**
 * Field names ↔ state-dict keys (TypeScript properties are camelCase, PyTorch's keys snake_case),
 * and the warning for fields that look like state but are not registered.
 */
import { Tensor } from '../tensor.js';
import { warnOnce } from '../warnings.js';

/**
 * The state-dict key of a field: `runningMean` → `running_mean`, `weightIhL0` → `weight_ih_l0`.
 * @example snakeCase('numBatchesTracked') // 'num_batches_tracked'
 */
export function snakeCase(field: string): string {
  return field.replace(/(?<=.)([A-Z])/g, '_$1').toLowerCase();
}

/**
 * The field of an explicitly registered key: `running_mean` → `runningMean`, `0` → `0`.
 * @example camelCase('weight_ih_l0') // 'weightIhL0'
 */
export function camelCase(key: string): string {
  return key.replace(/_([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Warn once about a field that is not registered but probably should be: a plain tensor that
 * requires gradients (meant as a Parameter), or an array holding modules (meant as a ModuleList).
 */
export function warnIfUnregistered(owner: string, field: string, value: unknown, isModule: (v: unknown) => boolean) {
  if (value instanceof Tensor && value.requiresGrad) {
    warnOnce(
      `nn.unregistered.${owner}.${field}`,
      `${owner}: the field '${field}' holds a tensor that requires gradients but is not a Parameter, so ` +
        `parameters() and stateDict() leave it out; wrap it: this.${field} = new Parameter(t)`,
    );
  } else if (Array.isArray(value) && value.some(isModule)) {
    warnOnce(
      `nn.array.${owner}.${field}`,
      `${owner}: the field '${field}' is an array of modules, which is not registered; ` +
        'use new ModuleList([...]) so their parameters are trained and saved',
    );
  }
}
