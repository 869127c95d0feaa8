/**
 * A small plot rasterizer for `neurite/node`: scatter points and polylines inside an axes box with
 * grid lines, drawn into an RGBA buffer (`renderPlot`) and written as PNG (`savePlot`). No text:
 * the CLI prints what the axes mean. Enough for a GAN's real vs generated points and a model's
 * predictions against the truth.
 */
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { type RgbaImage, writePng } from './png.js';
import { Canvas } from './raster.js';

/** A colour: `'#rrggbb'`, `'#rgb'`, one of a few names (see PALETTE), or `[r, g, b]` in 0..255. */
export type Color = string | readonly [number, number, number];

/** One set of points: drawn as dots (`'scatter'`) or joined in order (`'line'`). */
export interface PlotSeries {
  kind: 'scatter' | 'line';
  /** x coordinates: an array or a tensor of any shape (read flat). */
  x: ArrayLike<number> | Tensor;
  /** y coordinates, as many as x. Non-finite points are skipped (a line breaks there). */
  y: ArrayLike<number> | Tensor;
  /** Default: the next colour of the default cycle (blue, orange, green, red, purple, …). */
  color?: Color;
  /** Scatter: dot radius in px (default 2); line: width in px (default 2). */
  size?: number;
  /** Opacity in (0, 1] (default 1); lower values show where points pile up. */
  alpha?: number;
}

/** What `savePlot` draws. */
export interface PlotOptions {
  /** Picture size in pixels; default 480 × 360. */
  width?: number;
  height?: number;
  series: PlotSeries[];
  /** Axis ranges; default: the data's extent plus 5% on each side. */
  xRange?: readonly [number, number];
  yRange?: readonly [number, number];
  /** Grid lines at round values (1, 2 or 5 × 10^k apart); default true. */
  grid?: boolean;
}

/**
 * Named colours (the first ten are matplotlib's default cycle, which series without a colour use in turn).
 * @example PALETTE.orange // [255, 127, 14]
 */
export const PALETTE: Readonly<Record<string, readonly [number, number, number]>> = {
  blue: [31, 119, 180],
  orange: [255, 127, 14],
  green: [44, 160, 44],
  red: [214, 39, 40],
  purple: [148, 103, 189],
  brown: [140, 86, 75],
  pink: [227, 119, 194],
  gray: [127, 127, 127],
  olive: [188, 189, 34],
  cyan: [23, 190, 207],
  black: [0, 0, 0],
  white: [255, 255, 255],
};
const CYCLE = Object.values(PALETTE).slice(0, 10);
const MARGIN = 10;
const GRID: readonly [number, number, number] = [225, 225, 225];
const AXES: readonly [number, number, number] = [60, 60, 60];

/**
 * Draw a plot into an RGBA buffer (what `savePlot` writes): a white background, grid lines, the
 * series in order (later ones on top), then the axes box. Points outside the ranges are clipped.
 * @returns an `RgbaImage` of `width × height` pixels.
 * @throws ShapeError when a series' x and y differ in length; ValueError for bad sizes, ranges or colours.
 * @example
 * import { renderPlot } from 'neurite/node';
 * const img = renderPlot({ width: 200, height: 100, series: [{ kind: 'line', x: [0, 1, 2], y: [0, 1, 0] }] });
 * img.data.length; // 200 · 100 · 4
 */
export function renderPlot(options: PlotOptions): RgbaImage {
  const { width = 480, height = 360, series, grid = true } = options;
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 2 * MARGIN + 2 || v > 10000) {
      throw new ValueError(`savePlot: ${name} must be an integer in [${2 * MARGIN + 2}, 10000], got ${v}`);
    }
  }
  const points = series.map((s, i) => seriesPoints(s, i));
  const xr = axisRange(
    'xRange',
    options.xRange,
    points.map((p) => p.x),
  );
  const yr = axisRange(
    'yRange',
    options.yRange,
    points.map((p) => p.y),
  );
  const canvas = new Canvas(width, height);
  const box = { left: MARGIN, top: MARGIN, right: width - 1 - MARGIN, bottom: height - 1 - MARGIN };
  const px = (x: number) => box.left + ((x - xr[0]) / (xr[1] - xr[0])) * (box.right - box.left);
  const py = (y: number) => box.bottom - ((y - yr[0]) / (yr[1] - yr[0])) * (box.bottom - box.top);

  if (grid) {
    for (const t of ticks(xr)) canvas.segment(px(t), box.top, px(t), box.bottom, 1, GRID, 1, box);
    for (const t of ticks(yr)) canvas.segment(box.left, py(t), box.right, py(t), 1, GRID, 1, box);
  }
  series.forEach((s, i) => {
    const { x, y } = points[i]!;
    const color = parseColor(s.color ?? CYCLE[i % CYCLE.length]!, i);
    const alpha = s.alpha ?? 1;
    if (!(alpha > 0 && alpha <= 1))
      throw new ValueError(`savePlot: series ${i}: alpha must be in (0, 1], got ${alpha}`);
    const size = s.size ?? 2;
    if (!(size >= 0 && size <= 100))
      throw new ValueError(`savePlot: series ${i}: size must be in [0, 100], got ${size}`);
    for (let k = 0; k < x.length; k++) {
      const ok = Number.isFinite(x[k]!) && Number.isFinite(y[k]!);
      if (s.kind === 'scatter') {
        if (ok) canvas.disc(px(x[k]!), py(y[k]!), size, color, alpha, box);
      } else if (ok && k > 0 && Number.isFinite(x[k - 1]!) && Number.isFinite(y[k - 1]!)) {
        canvas.segment(px(x[k - 1]!), py(y[k - 1]!), px(x[k]!), py(y[k]!), size, color, alpha, box);
      } else if (ok && x.length === 1) {
        canvas.disc(px(x[k]!), py(y[k]!), size / 2, color, alpha, box);
      }
    }
  });
  const whole = { left: 0, top: 0, right: width - 1, bottom: height - 1 };
  for (const [x0, y0, x1, y1] of [
    [box.left, box.top, box.right, box.top],
    [box.left, box.bottom, box.right, box.bottom],
    [box.left, box.top, box.left, box.bottom],
    [box.right, box.top, box.right, box.bottom],
  ] as const) {
    canvas.segment(x0, y0, x1, y1, 1, AXES, 1, whole);
  }
  return canvas.image;
}

/**
 * Draw a plot and write it as a PNG (atomically; missing folders are created).
 * @param path where to write the PNG.
 * @returns the PNG's `{ width, height }` in pixels.
 * @example
 * import { savePlot } from 'neurite/node';
 * const t = Array.from({ length: 100 }, (_, i) => i / 10);
 * savePlot('sine.png', {
 *   series: [
 *     { kind: 'line', x: t, y: t.map(Math.sin), color: 'gray' },           // truth
 *     { kind: 'scatter', x: t, y: t.map((v) => Math.sin(v) + 0.1), size: 2 }, // predictions
 *   ],
 * });
 */
export function savePlot(path: string, options: PlotOptions): { width: number; height: number } {
  const image = renderPlot(options);
  writePng(image, path);
  return { width: image.width, height: image.height };
}

function seriesPoints(s: PlotSeries, i: number): { x: ArrayLike<number>; y: ArrayLike<number> } {
  if (s.kind !== 'scatter' && s.kind !== 'line') {
    throw new ValueError(`savePlot: series ${i}: kind must be 'scatter' or 'line', got '${s.kind}'`);
  }
  const x = 'data' in s.x && 'shape' in s.x ? s.x.data : s.x;
  const y = 'data' in s.y && 'shape' in s.y ? s.y.data : s.y;
  if (x.length !== y.length) {
    throw new ShapeError(`savePlot: series ${i}: x has ${x.length} values but y has ${y.length}; pass one y per x`);
  }
  return { x, y };
}

/** The given range (checked), or the finite data's extent plus 5% margins. */
function axisRange(
  name: string,
  given: readonly [number, number] | undefined,
  data: ArrayLike<number>[],
): [number, number] {
  if (given) {
    const [lo, hi] = given;
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
      throw new ValueError(
        `savePlot: ${name} must be two finite numbers [min, max] with min < max, got [${lo}, ${hi}]`,
      );
    }
    return [lo, hi];
  }
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const arr of data) {
    for (let k = 0; k < arr.length; k++) {
      const v = arr[k]!;
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo > hi) return [0, 1]; // no finite data: an empty plot
  if (lo === hi) return [lo - 1, hi + 1];
  const m = 0.05 * (hi - lo);
  return [lo - m, hi + m];
}

/** Round values inside [lo, hi], 1, 2 or 5 × 10^k apart, about five of them. */
export function ticks([lo, hi]: readonly [number, number]): number[] {
  const raw = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  // toPrecision drops the float noise of k · step (0.30000000000000004 → 0.3).
  for (let k = Math.ceil(lo / step); k * step <= hi; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/** `[r, g, b]` in 0..255 from any `Color`. */
export function parseColor(color: Color, series = 0): [number, number, number] {
  if (typeof color !== 'string') {
    if (color.length === 3 && color.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
      return [color[0], color[1], color[2]];
    }
  } else if (PALETTE[color]) {
    return [...PALETTE[color]!] as [number, number, number];
  } else if (/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(color)) {
    const hex = color.length === 4 ? [...color.slice(1)].map((h) => h + h).join('') : color.slice(1);
    return [0, 2, 4].map((k) => Number.parseInt(hex.slice(k, k + 2), 16)) as [number, number, number];
  }
  throw new ValueError(
    `savePlot: series ${series}: colour ${JSON.stringify(color)} is not '#rrggbb', '#rgb', ` +
      `[r, g, b] in 0..255 or one of ${Object.keys(PALETTE).join(', ')}`,
  );
}
