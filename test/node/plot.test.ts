import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ShapeError, tensor, ValueError } from '../../src/index.js';
import { type PlotOptions, parseColor, renderPlot, savePlot, ticks } from '../../src/node/plot.js';
import type { RgbaImage } from '../../src/node/png.js';

const rgb = (img: { width: number; data: ArrayLike<number> }, x: number, y: number) => {
  const i = (y * img.width + x) * 4;
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
};
const WHITE = [255, 255, 255];
const GRID = [225, 225, 225];
const AXES = [60, 60, 60];

// 121 px with 10-px margins: the box spans pixels 10..110, so with ranges [0, 100] a data point
// (x, y) lands on pixel (10 + x, 110 − y).
const base = (series: PlotOptions['series'], extra: Partial<PlotOptions> = {}): RgbaImage =>
  renderPlot({ width: 121, height: 121, xRange: [0, 100], yRange: [0, 100], series, ...extra });

describe('renderPlot', () => {
  it('draws the axes box, grid lines at round values, and a white margin', () => {
    const img = base([]);
    expect([img.width, img.height, img.data.length]).toEqual([121, 121, 121 * 121 * 4]);
    expect(rgb(img, 0, 0)).toEqual(WHITE);
    expect(rgb(img, 10, 50)).toEqual(AXES); // left edge
    expect(rgb(img, 110, 50)).toEqual(AXES); // right edge
    expect(rgb(img, 50, 110)).toEqual(AXES); // bottom edge
    expect(rgb(img, 30, 45)).toEqual(GRID); // x = 20
    expect(rgb(img, 45, 70)).toEqual(GRID); // y = 40
    expect(rgb(img, 45, 45)).toEqual(WHITE);
    expect(rgb(base([], { grid: false }), 30, 45)).toEqual(WHITE);
  });

  it('puts scatter dots and lines where the data say, in their colours', () => {
    const img = base([
      { kind: 'line', x: [0, 100], y: [20, 20], color: '#00f', size: 1 },
      { kind: 'scatter', x: tensor([50, 200]), y: tensor([50, 50]), color: 'red', size: 2 },
    ]);
    const red = [214, 39, 40];
    expect(rgb(img, 60, 60)).toEqual(red);
    expect(rgb(img, 62, 60)).toEqual(red); // radius 2
    expect(rgb(img, 60, 58)).toEqual(red);
    expect(rgb(img, 63, 60)).toEqual(WHITE);
    expect(rgb(img, 62, 62)).toEqual(WHITE); // corner outside the disc
    expect(rgb(img, 35, 90)).toEqual([0, 0, 255]); // the line at y = 20
    expect(rgb(img, 35, 89)).toEqual(WHITE); // 1 px wide
    expect(rgb(img, 115, 60)).toEqual(WHITE); // x = 200 lies outside: clipped
  });

  it('draws thick lines and diagonal ones without gaps, and clips far points cheaply', () => {
    const img = base([{ kind: 'line', x: [0, 100, 1e12], y: [0, 100, -1e12], color: [0, 128, 0], size: 3 }]);
    for (let k = 5; k <= 95; k += 5) expect(rgb(img, 10 + k, 110 - k)).toEqual([0, 128, 0]);
    expect(rgb(img, 62, 60)).toEqual([0, 128, 0]); // width 3: two pixels beside the diagonal…
    expect(rgb(img, 63, 60)).toEqual(WHITE); // …but not three
    expect(rgb(img, 110, 110 - 95)).toEqual(AXES);
  });

  it('breaks lines at non-finite points and blends translucent dots', () => {
    const img = base([
      { kind: 'line', x: [0, 50, 60, 100], y: [50, 50, Number.NaN, 50], color: 'black', size: 1 },
      { kind: 'scatter', x: [85], y: [25], color: 'red', alpha: 0.5, size: 0 },
    ]);
    expect(rgb(img, 40, 60)).toEqual([0, 0, 0]);
    expect(rgb(img, 80, 60)).toEqual(WHITE); // 50 → NaN → 100: no segment after 50
    expect(rgb(img, 95, 85)).toEqual([235, 147, 148]); // half red over white
    expect(rgb(img, 96, 85)).toEqual(WHITE); // size 0: one pixel
  });

  it('fits the ranges to the data (5% margins) and cycles default colours', () => {
    // x from 0 to 10 → [-0.5, 10.5]; y constant 3 → [2, 4]. Point (0, 3) → (10 + 100·0.5/11, 60).
    const img = renderPlot({
      width: 121,
      height: 121,
      series: [
        { kind: 'scatter', x: [0], y: [3], size: 0 },
        { kind: 'scatter', x: [10], y: [3], size: 0 },
      ],
    });
    expect(rgb(img, Math.round(10 + 50 / 11), 60)).toEqual([31, 119, 180]); // blue
    expect(rgb(img, Math.round(10 + 1050 / 11), 60)).toEqual([255, 127, 14]); // then orange
  });

  it('rejects bad input with what is wrong', () => {
    expect(() => base([{ kind: 'line', x: [1, 2], y: [1] }])).toThrow(ShapeError);
    expect(() => base([{ kind: 'line', x: [1, 2], y: [1] }])).toThrow('series 0: x has 2 values but y has 1');
    expect(() => base([{ kind: 'bar' as 'line', x: [], y: [] }])).toThrow("kind must be 'scatter' or 'line'");
    expect(() => base([], { xRange: [1, 1] })).toThrow('xRange must be two finite numbers [min, max] with min < max');
    expect(() => base([{ kind: 'scatter', x: [1], y: [1], color: 'mauve' }])).toThrow(/colour "mauve" is not/);
    expect(() => base([{ kind: 'scatter', x: [1], y: [1], alpha: 0 }])).toThrow(ValueError);
    expect(() => renderPlot({ width: 5, height: 100, series: [] })).toThrow('width must be an integer in [22, 10000]');
  });
});

describe('ticks / parseColor', () => {
  it('ticks are 1, 2 or 5 × 10^k apart', () => {
    expect(ticks([0, 100])).toEqual([0, 20, 40, 60, 80, 100]);
    expect(ticks([-2.2, 2.2])).toEqual([-2, -1, 0, 1, 2]);
    expect(ticks([0.013, 0.05])).toEqual([0.02, 0.03, 0.04, 0.05]);
    expect(ticks([0, 0.7])).toEqual([0, 0.2, 0.4, 0.6]);
  });

  it('parse hex, short hex, names and triples', () => {
    expect(parseColor('#ff8000')).toEqual([255, 128, 0]);
    expect(parseColor('#0F0')).toEqual([0, 255, 0]);
    expect(parseColor('orange')).toEqual([255, 127, 14]);
    expect(parseColor([1, 2, 3])).toEqual([1, 2, 3]);
    expect(() => parseColor([1, 2, 256])).toThrow(ValueError);
  });
});

describe('savePlot', () => {
  it('writes a PNG whose pixels decode back', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'neurite-plot-')), 'ring.png');
    const size = savePlot(path, {
      width: 121,
      height: 121,
      xRange: [0, 100],
      yRange: [0, 100],
      series: [
        { kind: 'scatter', x: [25], y: [25], color: 'gray', size: 3 },
        { kind: 'scatter', x: [75], y: [75], color: 'orange', size: 3 },
      ],
    });
    expect(size).toEqual({ width: 121, height: 121 });
    const png = PNG.sync.read(readFileSync(path));
    expect([png.width, png.height]).toEqual([121, 121]);
    expect(rgb(png, 35, 85)).toEqual([127, 127, 127]);
    expect(rgb(png, 85, 35)).toEqual([255, 127, 14]);
    expect(rgb(png, 60, 60)).toEqual(WHITE);
  });
});
