import { describe, expect, it } from 'vitest';
import { Canvas, clipSegment } from '../../src/node/raster.js';

const box = { left: 0, top: 0, right: 9, bottom: 9 };
const inked = (c: Canvas) => {
  const out: string[] = [];
  for (let y = 0; y < c.image.height; y++) {
    for (let x = 0; x < c.image.width; x++) if (c.image.data[(y * c.image.width + x) * 4] === 0) out.push(`${x},${y}`);
  }
  return out;
};
const BLACK = [0, 0, 0];

describe('clipSegment', () => {
  it('keeps the part inside the box (Liang–Barsky)', () => {
    expect(clipSegment(1, 1, 5, 5, box)).toEqual([1, 1, 5, 5]);
    expect(clipSegment(-10, 5, 20, 5, box)).toEqual([0, 5, 9, 5]);
    clipSegment(-1e12, -1e12, 1e12, 1e12, box)!.forEach((v, k) => {
      expect(v).toBeCloseTo([0, 0, 9, 9][k]!, 3);
    });
    expect(clipSegment(20, 0, 30, 9, box)).toBeNull();
    expect(clipSegment(-5, 12, 12, -5, box)).toEqual([0, 7, 7, 0]); // x + y = 7
    expect(clipSegment(5, -3, 5, -1, box)).toBeNull(); // vertical, above the box
  });
});

describe('Canvas', () => {
  it('starts white; dot blends and clips', () => {
    const c = new Canvas(10, 10);
    expect(Array.from(c.image.data.subarray(0, 4))).toEqual([255, 255, 255, 255]);
    c.dot(2, 3, [0, 100, 200], 0.5, box);
    expect(Array.from(c.image.data.subarray((3 * 10 + 2) * 4, (3 * 10 + 2) * 4 + 4))).toEqual([128, 178, 228, 255]);
    c.dot(10, 3, BLACK, 1, box);
    c.dot(-1, 3, BLACK, 1, box);
    expect(inked(c)).toEqual([]);
  });

  it('disc fills radius 0 as one pixel and radius 1 as a plus', () => {
    const a = new Canvas(10, 10);
    a.disc(4.4, 4.6, 0, BLACK, 1, box);
    expect(inked(a)).toEqual(['4,5']);
    const b = new Canvas(10, 10);
    b.disc(4, 4, 1, BLACK, 1, box);
    expect(inked(b).sort()).toEqual(['3,4', '4,3', '4,4', '4,5', '5,4']);
  });

  it('segment joins its ends with no gaps, clipped to the box', () => {
    const c = new Canvas(10, 10);
    c.segment(0, 0, 9, 3, 1, BLACK, 1, box);
    const px = inked(c);
    expect(px).toContain('0,0');
    expect(px).toContain('9,3');
    expect(px.length).toBe(10); // one pixel per column of a shallow line
    const far = new Canvas(10, 10);
    far.segment(5, 5, 1e15, 5, 1, BLACK, 1, box);
    expect(inked(far)).toEqual(['5,5', '6,5', '7,5', '8,5', '9,5']);
    const none = new Canvas(10, 10);
    none.segment(5, 5, Number.POSITIVE_INFINITY, 5, 1, BLACK, 1, box);
    none.segment(Number.NaN, 5, 2, 5, 3, BLACK, 1, box);
    expect(inked(none)).toEqual([]);
  });
});
