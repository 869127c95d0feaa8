/**
 * Printing modules: `toString()` (PyTorch's tree with each layer's configuration, plus parameter
 * counts) and `summary(inputShape)` (a Keras-like table built from one real forward pass).
 */
import { noGrad } from '../autograd.js';
import { full } from '../creation.js';
import type { DType } from '../dtype.js';
import { fmtShape } from '../errors.js';
import type { Shape } from '../shape.js';
import { Tensor } from '../tensor.js';
import type { AnyModule } from './module.js';

/** Options of `Module.summary`. */
export interface SummaryOptions {
  /** dtype of the zero input (default 'float32'; 'int32' for index inputs such as Embedding's). */
  dtype?: DType;
}

interface Counts {
  total: number;
  trainable: number;
}

function count(params: readonly Tensor[]): Counts {
  let total = 0;
  let trainable = 0;
  for (const p of params) {
    total += p.numel();
    if (p.requiresGrad) trainable += p.numel();
  }
  return { total, trainable };
}

/** `1,234,567` */
function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}

function fmtCounts({ total, trainable }: Counts): string {
  const frozen = total - trainable;
  const noun = total === 1 ? 'parameter' : 'parameters';
  const note = frozen === 0 ? '' : frozen === total ? ', frozen' : `, ${fmtInt(frozen)} frozen`;
  return `  # ${fmtInt(total)} ${noun}${note}`;
}

/** PyTorch's module repr, with `  # N parameters` after each line of a module that has any. */
export function formatModule(module: AnyModule): string {
  const name = module.constructor.name;
  const extra = module.extraRepr();
  const children = module.namedChildren();
  const counts = count(module.parameters());
  const suffix = counts.total > 0 ? fmtCounts(counts) : '';
  if (children.length === 0) return `${name}(${extra})${suffix}`;
  const lines = [`${name}(${suffix}`];
  if (extra !== '') lines.push(`  ${extra}`);
  for (const [key, child] of children) {
    const text = formatModule(child).replace(/\n/g, '\n  ');
    lines.push(`  (${key}): ${text}`);
  }
  lines.push(')');
  return lines.join('\n');
}

interface Row {
  depth: number;
  name: string;
  output: string;
  params: string;
}

function describeOutput(out: unknown): string {
  if (out instanceof Tensor) return fmtShape(out.shape);
  if (Array.isArray(out)) return `[${out.map(describeOutput).join(', ')}]`;
  return typeof out;
}

/**
 * Run one forward pass on zeros of `inputShape` (under noGrad, every module in eval mode, then
 * restored) recording each module's output, and format the table.
 */
export function summarize(root: AnyModule, inputShape: Shape, { dtype = 'float32' }: SummaryOptions = {}): string {
  const named = root.namedModules();
  const rows: Row[] = [];
  const depthOf = new Map<AnyModule, number>();
  const pathOf = new Map<AnyModule, string>();
  for (const [path, m] of named) {
    depthOf.set(m, path === '' ? 0 : path.split('.').length);
    pathOf.set(m, path);
  }
  const modes = named.map(([, m]) => m.training);
  const own = named.map(([, m]) => Object.getOwnPropertyDescriptor(m, 'forward'));
  for (const [, m] of named) {
    const inner = m.forward;
    if (m === root && named.length > 1) continue; // the root is the table itself
    Object.defineProperty(m, 'forward', {
      configurable: true,
      enumerable: false,
      writable: true,
      value: (...args: unknown[]) => {
        const row: Row = { depth: depthOf.get(m) ?? 0, name: '', output: '', params: '' };
        const path = pathOf.get(m) ?? '';
        row.name = path === '' ? m.constructor.name : `${path.split('.').pop()} (${m.constructor.name})`;
        const leaf = m.namedChildren().length === 0;
        const direct = leaf ? m.parameters() : ownParameters(m);
        row.params = !leaf && direct.length === 0 ? '--' : fmtInt(count(direct).total);
        rows.push(row);
        const out = inner.apply(m, args as never[]);
        row.output = describeOutput(out);
        return out;
      },
    });
  }
  try {
    root.eval();
    noGrad(() => root.forward(full(inputShape, 0, { dtype })));
  } finally {
    named.forEach(([, m], i) => {
      const descriptor = own[i];
      if (descriptor === undefined) delete (m as { forward?: unknown }).forward;
      else Object.defineProperty(m, 'forward', descriptor);
      m.training = modes[i] as boolean;
    });
  }
  return formatTable(root, inputShape, rows);
}

/** Parameters held by a container module itself, not by its children. */
function ownParameters(m: AnyModule): Tensor[] {
  const below = new Set(m.children().flatMap((c) => c.parameters()));
  return m.parameters().filter((p) => !below.has(p));
}

function formatTable(root: AnyModule, inputShape: Shape, rows: readonly Row[]): string {
  const header = { name: 'Layer (type)', output: 'Output shape', params: 'Params' };
  const names = rows.map((r) => `${'  '.repeat(Math.max(0, r.depth - 1))}${r.name}`);
  const w0 = Math.max(header.name.length, ...names.map((n) => n.length));
  const w1 = Math.max(header.output.length, ...rows.map((r) => r.output.length));
  const w2 = Math.max(header.params.length, ...rows.map((r) => r.params.length));
  const line = (a: string, b: string, c: string) => `${a.padEnd(w0)}   ${b.padEnd(w1)}   ${c.padStart(w2)}`;
  const width = w0 + w1 + w2 + 6;
  const { total, trainable } = count(root.parameters());
  return [
    `${root.constructor.name} summary for input ${fmtShape(inputShape)}`,
    '─'.repeat(width),
    line(header.name, header.output, header.params),
    '═'.repeat(width),
    ...rows.map((r, i) => line(names[i] as string, r.output, r.params)),
    '═'.repeat(width),
    `Total params: ${fmtInt(total)}`,
    `Trainable params: ${fmtInt(trainable)}`,
    `Frozen params: ${fmtInt(total - trainable)}`,
  ].join('\n');
}
