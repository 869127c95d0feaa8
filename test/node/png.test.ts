import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ShapeError, tensor, ValueError } from '../../src/index.js';
import { encodePng, renderImageGrid, saveImageGrid, writePng } from '../../src/node/png.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-png-'));

function decode(path: string): PNG {
  return PNG.sync.read(readFileSync(path));
}

function pixel(png: { width: number; data: ArrayLike<number> }, x: number, y: number): number[] {
  const i = (y * png.width + x) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
}

/** Three 2×2 grayscale images: white, black, and a diagonal (1 top-left, 0.5 bottom-right). */
const gray = tensor([
  [
    [1, 1],
    [1, 1],
  ],
  [
    [0, 0],
    [0, 0],
  ],
  [
    [1, 0],
    [0, 0.5],
  ],
]);

describe('saveImageGrid', () => {
  it('writes a PNG grid whose size and pixels decode back', () => {
    const path = join(dir, 'gray.png');
    // 2 columns, scale 3, padding 1: width 2·6 + 3 = 15, height 2 rows → 2·6 + 3 = 15.
    expect(saveImageGrid(gray, path, { cols: 2, scale: 3, padding: 1 })).toEqual({ width: 15, height: 15 });
    const png = decode(path);
    expect([png.width, png.height]).toEqual([15, 15]);
    expect(pixel(png, 0, 0)).toEqual([128, 128, 128, 255]); // padding: mid-gray
    expect(pixel(png, 1, 1)).toEqual([255, 255, 255, 255]); // image 0: white cell
    expect(pixel(png, 6, 6)).toEqual([255, 255, 255, 255]);
    expect(pixel(png, 7, 3)).toEqual([128, 128, 128, 255]); // between the cells
    expect(pixel(png, 8, 1)).toEqual([0, 0, 0, 255]); // image 1: black
    expect(pixel(png, 1, 8)).toEqual([255, 255, 255, 255]); // image 2, top-left pixel
    expect(pixel(png, 6, 13)).toEqual([128, 128, 128, 255]); // image 2, bottom-right 0.5
    expect(pixel(png, 4, 8)).toEqual([0, 0, 0, 255]); // image 2, top-right 0
    expect(pixel(png, 10, 10)).toEqual([128, 128, 128, 255]); // the empty fourth cell
    // Only the final file remains: the temporary one was renamed.
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('takes [N, 1, H, W] and RGB [N, 3, H, W], clamps, and normalizes per image', () => {
    const rgb = tensor([[[[2]], [[0.5]], [[-1]]]]); // one 1×1 pixel: R clamped to 1, B to 0
    const img = renderImageGrid(rgb, { scale: 1, padding: 0 });
    expect(pixel(img, 0, 0)).toEqual([255, 128, 0, 255]);
    const filters = tensor([[[[-3, 1]]], [[[10, 20]]], [[[4, 4]]]]); // [3, 1, 1, 2]
    const norm = renderImageGrid(filters, { cols: 3, scale: 1, padding: 0, normalize: true });
    expect([norm.width, norm.height]).toEqual([6, 1]);
    expect([0, 1, 2, 3, 4, 5].map((x) => pixel(norm, x, 0)[0])).toEqual([0, 255, 0, 255, 128, 128]);
    expect(renderImageGrid(gray.unsqueeze(1)).data).toEqual(renderImageGrid(gray).data);
  });

  it('picks a scale that makes cells at least 32 px, and ceil(√N) columns', () => {
    const img = renderImageGrid(tensor(new Float32Array(5 * 64), { shape: [5, 1, 8, 8] }));
    // 3 columns × 2 rows of 32-px cells (scale 4), padding 2.
    expect([img.width, img.height]).toEqual([3 * 32 + 4 * 2, 2 * 32 + 3 * 2]);
  });

  it('rejects bad shapes, options and values with a hint', () => {
    expect(() => renderImageGrid(tensor([[0, 1]]))).toThrow(ShapeError);
    expect(() => renderImageGrid(tensor([[0, 1]]))).toThrow('add a batch axis with x.unsqueeze(0)');
    expect(() => renderImageGrid(tensor(new Float32Array(8), { shape: [1, 2, 2, 2] }))).toThrow(
      'saveImageGrid: images must be [N, 1, H, W], [N, 3, H, W] or [N, H, W], got [1, 2, 2, 2] (2 channels',
    );
    expect(() => renderImageGrid(gray, { scale: 0 })).toThrow('scale must be an integer ≥ 1, got 0');
    expect(() => renderImageGrid(gray, { cols: 1.5 })).toThrow(ValueError);
    expect(() => renderImageGrid(tensor([[[0, Number.NaN]]]))).toThrow('image 0 holds NaN at flat index 1');
    expect(() => renderImageGrid(tensor(new Float32Array(0), { shape: [0, 2, 2] }))).toThrow('no pixels to draw');
  });
});

describe('writePng / encodePng', () => {
  it('encode RGB or grayscale and write atomically into new folders', () => {
    const data = new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]);
    const path = join(dir, 'a', 'b', 'rgb.png');
    writePng({ width: 2, height: 1, data }, path);
    const png = decode(path);
    expect(pixel(png, 0, 0)).toEqual([255, 0, 0, 255]);
    expect(pixel(png, 1, 0)).toEqual([0, 0, 255, 255]);
    const grayPng = encodePng({ width: 1, height: 1, data: new Uint8Array([7, 7, 7, 255]) });
    expect(grayPng[25]).toBe(0); // IHDR colour type 0: grayscale
    expect(pixel(PNG.sync.read(Buffer.from(grayPng)), 0, 0)).toEqual([7, 7, 7, 255]);
    expect(() => encodePng({ width: 2, height: 2, data })).toThrow('2×2 pixels need 16 bytes, got 8');
  });

  it('name the path when it cannot write, leaving no temporary file', () => {
    const target = join(dir, 'taken');
    writePng({ width: 1, height: 1, data: new Uint8Array(4) }, join(target, 'x.png'));
    expect(() => writePng({ width: 1, height: 1, data: new Uint8Array(4) }, target)).toThrow(
      new RegExp(`writePng: cannot write '${target}'`),
    );
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(existsSync(join(target, 'x.png'))).toBe(true);
  });
});
