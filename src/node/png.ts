/**
 * PNG output for `neurite/node`: grids of images (samples, learned filters, mistakes) and the
 * RGBA buffers of plot.ts, encoded with pngjs (pure JS) and written atomically. Drawing into the
 * buffer (`renderImageGrid`) is kept apart from writing the file, so it is testable without files.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PNG } from 'pngjs';
import { fmtShape, ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';

/** A picture in memory: `width × height` pixels, row-major, 4 bytes (R, G, B, A) each. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** How `saveImageGrid` lays images out. */
export interface ImageGridOptions {
  /** Images per row; default `ceil(√N)`. */
  cols?: number;
  /** Screen pixels per image pixel (an integer ≥ 1); default: enough to make each cell ≥ 32 px. */
  scale?: number;
  /** Pixels between cells and around the grid; default 2. */
  padding?: number;
  /**
   * Stretch each image to the full range: min → black, max → white (for learned filters and
   * other values outside [0, 1]; a constant image shows mid-gray). Default false: values are
   * clamped to [0, 1].
   */
  normalize?: boolean;
  /** Gray level of the padding in [0, 1]; default 0.5, which sets off both dark and light images. */
  padValue?: number;
}

/**
 * Draw a batch of images as a grid into an RGBA buffer (what `saveImageGrid` writes).
 * @param images `[N, 1, H, W]` (grayscale), `[N, 3, H, W]` (RGB) or `[N, H, W]` (grayscale),
 *   values in [0, 1] (or any range with `normalize`).
 * @returns an `RgbaImage` of `cols·W·scale + (cols + 1)·padding` by `rows·H·scale + (rows + 1)·padding` pixels.
 * @throws ShapeError for other shapes; ValueError for bad options or a NaN/infinite value.
 * @example
 * import { renderImageGrid } from 'neurite/node';
 * import { rand } from 'neurite';
 * renderImageGrid(rand([6, 1, 8, 8]), { cols: 3, scale: 2 }).width; // 3·16 + 4·2 = 56
 */
export function renderImageGrid(images: Tensor, options: ImageGridOptions = {}): RgbaImage {
  const { n, channels, h, w } = gridShape(images);
  const cols = options.cols ?? Math.ceil(Math.sqrt(n));
  const scale = options.scale ?? Math.max(1, Math.ceil(32 / Math.max(h, w)));
  const padding = options.padding ?? 2;
  const padValue = options.padValue ?? 0.5;
  checkInt('cols', cols, 1);
  checkInt('scale', scale, 1);
  checkInt('padding', padding, 0);
  if (!(padValue >= 0 && padValue <= 1))
    throw new ValueError(`saveImageGrid: padValue must be in [0, 1], got ${padValue}`);
  const rows = Math.ceil(n / cols);
  const cellW = w * scale;
  const cellH = h * scale;
  const width = cols * cellW + (cols + 1) * padding;
  const height = rows * cellH + (rows + 1) * padding;
  const data = new Uint8Array(width * height * 4);
  const pad = Math.round(padValue * 255);
  for (let i = 0; i < data.length; i += 4) setPixel(data, i, pad, pad, pad);

  const src = images.data;
  const plane = h * w;
  for (let img = 0; img < n; img++) {
    const base = img * channels * plane;
    const [lo, span] = range(src, base, channels * plane, img, options.normalize ?? false);
    const left = padding + (img % cols) * (cellW + padding);
    const top = padding + Math.floor(img / cols) * (cellH + padding);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        // Grayscale images have one plane: the same value goes to R, G and B.
        const at = base + y * w + x;
        const r = toByte(src[at]!, lo, span);
        const g = channels === 3 ? toByte(src[at + plane]!, lo, span) : r;
        const b = channels === 3 ? toByte(src[at + 2 * plane]!, lo, span) : r;
        for (let dy = 0; dy < scale; dy++) {
          const row = (top + y * scale + dy) * width + left + x * scale;
          for (let dx = 0; dx < scale; dx++) setPixel(data, (row + dx) * 4, r, g, b);
        }
      }
    }
  }
  return { width, height, data };
}

/**
 * Write a batch of images as a PNG grid: generated samples, a layer's learned filters
 * (`conv.weight` with `normalize: true`), misclassified test images. The file is written
 * atomically (a temporary file, then a rename), and missing folders are created.
 * @param images `[N, 1, H, W]`, `[N, 3, H, W]` or `[N, H, W]`; values in [0, 1] unless `normalize`.
 * @param path where to write the PNG.
 * @returns the PNG's `{ width, height }` in pixels.
 * @example
 * import { loadDigits } from 'neurite';
 * import { saveImageGrid } from 'neurite/node';
 * const { x } = loadDigits();
 * saveImageGrid(x, 'digits.png', { cols: 60, scale: 2 }); // all 1,797 digits: { width: 1082, height: 542 }
 */
export function saveImageGrid(
  images: Tensor,
  path: string,
  options: ImageGridOptions = {},
): { width: number; height: number } {
  const image = renderImageGrid(images, options);
  writePng(image, path);
  return { width: image.width, height: image.height };
}

/**
 * Encode an RGBA buffer as PNG bytes (grayscale when every pixel is gray, else RGB; alpha dropped).
 * @example
 * import { encodePng } from 'neurite/node';
 * const png = encodePng({ width: 1, height: 1, data: new Uint8Array([255, 0, 0, 255]) });
 * png.subarray(1, 4); // 'PNG' in ASCII
 */
export function encodePng(image: RgbaImage): Uint8Array {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) {
    throw new ValueError(`encodePng: ${width}×${height} pixels need ${width * height * 4} bytes, got ${data.length}`);
  }
  const png = new PNG({ width, height });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let gray = true;
  for (let i = 0; i < data.length && gray; i += 4) gray = data[i] === data[i + 1] && data[i] === data[i + 2];
  return PNG.sync.write(png, { colorType: gray ? 0 : 2 });
}

/**
 * Write an RGBA buffer to `path` as PNG, atomically: the bytes go to a temporary file beside it,
 * which is then renamed, so a reader never sees half a picture. Creates missing folders.
 * @example
 * import { writePng } from 'neurite/node';
 * writePng({ width: 2, height: 1, data: new Uint8Array([0, 0, 0, 255, 255, 255, 255, 255]) }, 'out/px.png');
 */
export function writePng(image: RgbaImage, path: string): void {
  const bytes = encodePng(image);
  const tmp = `${path}.${process.pid}.${++tmpCount}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new ValueError(`writePng: cannot write '${path}': ${(err as Error).message}`);
  }
}

let tmpCount = 0;

function gridShape(images: Tensor): { n: number; channels: number; h: number; w: number } {
  const s = images.shape;
  const ok = (s.length === 4 && (s[1] === 1 || s[1] === 3)) || s.length === 3;
  if (!ok) {
    const hint =
      s.length === 2
        ? ' (one image: add a batch axis with x.unsqueeze(0))'
        : s.length === 4
          ? ` (${s[1]} channels: pass one channel at a time, e.g. the filters as [outChannels·inChannels, 1, H, W])`
          : '';
    throw new ShapeError(
      `saveImageGrid: images must be [N, 1, H, W], [N, 3, H, W] or [N, H, W], got ${fmtShape(s)}${hint}`,
    );
  }
  const [n, channels, h, w] = s.length === 4 ? (s as number[]) : [s[0]!, 1, s[1]!, s[2]!];
  if (n === 0 || h === 0 || w === 0) throw new ValueError(`saveImageGrid: no pixels to draw in ${fmtShape(s)}`);
  return { n: n!, channels: channels!, h: h!, w: w! };
}

/** The offset and span that map image `img`'s values onto [0, 1]; checks they are finite. */
function range(src: ArrayLike<number>, base: number, len: number, img: number, normalize: boolean): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = base; i < base + len; i++) {
    const v = src[i]!;
    if (!Number.isFinite(v)) {
      throw new ValueError(
        `saveImageGrid: image ${img} holds ${v} at flat index ${i - base}; only finite values can be drawn`,
      );
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!normalize) return [0, 1];
  // A constant image has no range to stretch: show it mid-gray rather than divide by zero.
  return hi > lo ? [lo, hi - lo] : [lo - 0.5, 1];
}

function toByte(v: number, lo: number, span: number): number {
  return Math.round(Math.min(1, Math.max(0, (v - lo) / span)) * 255);
}

function setPixel(data: Uint8Array, i: number, r: number, g: number, b: number): void {
  data[i] = r;
  data[i + 1] = g;
  data[i + 2] = b;
  data[i + 3] = 255;
}

function checkInt(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new ValueError(`saveImageGrid: ${name} must be an integer ≥ ${min}, got ${value}`);
  }
}
