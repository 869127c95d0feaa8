/**
 * Printing tensors the way PyTorch does: `tensor([[1.0000, 0.5000], …])`, integer-valued floats
 * as `1.`, scientific notation when magnitudes span a wide range, long dimensions elided.
 */
import type { Tensor } from './tensor.js';

const EDGE = 3; // values kept at each end of an elided dimension
const THRESHOLD = 1000; // elide when a tensor has more elements than this

/** Format a tensor as PyTorch's repr would. */
export function formatTensor(t: Tensor): string {
  const summarize = t.data.length > THRESHOLD;
  const fmt = numberFormatter(t);
  const prefix = 'tensor(';
  let body: string;
  if (t.shape.length === 0) {
    body = fmt(t.data[0] as number);
  } else {
    const strides: number[] = [];
    let s = 1;
    for (let i = t.shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= t.shape[i] as number;
    }
    // Like PyTorch, align on the widest finite value; nan and inf do not widen the columns.
    const finite = Array.from(t.data as ArrayLike<number>).filter((v) => t.dtype === 'bool' || Number.isFinite(v));
    const width = finite.reduce((w, v) => Math.max(w, fmt(v).length), 1);
    const rec = (dim: number, offset: number, indent: number): string => {
      const n = t.shape[dim] as number;
      const idx = summarize && n > 2 * EDGE ? [...range(0, EDGE), -1, ...range(n - EDGE, n)] : range(0, n);
      if (dim === t.shape.length - 1) {
        const parts = idx.map((i) => (i < 0 ? '...' : fmt(t.data[offset + i] as number).padStart(width)));
        return `[${parts.join(', ')}]`;
      }
      const sep = `,${'\n'.repeat(t.shape.length - dim - 1)}${' '.repeat(indent + 1)}`;
      const parts = idx.map((i) => (i < 0 ? '...' : rec(dim + 1, offset + i * (strides[dim] as number), indent + 1)));
      return `[${parts.join(sep)}]`;
    };
    body = rec(0, 0, prefix.length);
  }
  const extras: string[] = [];
  if (t.dtype !== 'float32') extras.push(`dtype=${t.dtype}`);
  if (t.requiresGrad) extras.push('requiresGrad=true');
  return `${prefix}${body}${extras.map((e) => `, ${e}`).join('')})`;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

function numberFormatter(t: Tensor): (v: number) => string {
  if (t.dtype === 'bool') return (v) => (v ? 'true' : 'false');
  if (t.dtype === 'int32') return (v) => String(v);
  const finite = Array.from(t.data as ArrayLike<number>).filter((v) => Number.isFinite(v));
  const special = (v: number): string | null =>
    Number.isNaN(v) ? 'nan' : !Number.isFinite(v) ? (v > 0 ? 'inf' : '-inf') : null;
  if (finite.every((v) => Number.isInteger(v)) && finite.every((v) => Math.abs(v) < 1e8)) {
    return (v) => special(v) ?? `${v.toFixed(0)}.`;
  }
  const abs = finite.map(Math.abs).filter((v) => v > 0);
  // reduce, not Math.max(...abs): spreading a million arguments overflows the stack
  const max = abs.reduce((m, v) => Math.max(m, v), 0);
  const min = abs.reduce((m, v) => Math.min(m, v), Number.POSITIVE_INFINITY);
  if (max >= 1e8 || (abs.length > 0 && (min < 1e-4 || max / min > 1000))) {
    return (v) => special(v) ?? v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return (v) => special(v) ?? v.toFixed(4);
}
