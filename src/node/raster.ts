/**
 * The drawing primitives of plot.ts on an RGBA buffer: blended pixels, filled discs, and line
 * segments of any width (clipped first, then Bresenham's steps). Pure: no files.
 */
import type { RgbaImage } from './png.js';

/** A clip rectangle in pixels, inclusive. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** An RGBA buffer with the three drawing primitives the plots need. */
export class Canvas {
  readonly image: RgbaImage;

  constructor(width: number, height: number) {
    this.image = { width, height, data: new Uint8Array(width * height * 4).fill(255) };
  }

  /** Blend one pixel (integer coordinates) if it lies in `clip`. */
  dot(x: number, y: number, c: readonly number[], alpha: number, clip: Box): void {
    if (x < clip.left || x > clip.right || y < clip.top || y > clip.bottom) return;
    const d = this.image.data;
    const i = (y * this.image.width + x) * 4;
    for (let k = 0; k < 3; k++) d[i + k] = Math.round(alpha * c[k]! + (1 - alpha) * d[i + k]!);
  }

  /** A filled disc of radius r around (cx, cy); radius 0 is one pixel. */
  disc(cx: number, cy: number, r: number, c: readonly number[], alpha: number, clip: Box): void {
    const x0 = Math.round(cx);
    const y0 = Math.round(cy);
    const reach = Math.floor(r);
    for (let dy = -reach; dy <= reach; dy++) {
      for (let dx = -reach; dx <= reach; dx++) {
        if (dx * dx + dy * dy <= r * r + 0.5) this.dot(x0 + dx, y0 + dy, c, alpha, clip);
      }
    }
  }

  /**
   * A line of the given width from (x0, y0) to (x1, y1): clipped to `clip` first (Liang–Barsky, so
   * a point far outside costs nothing), then Bresenham's steps, each a pixel or a small disc.
   */
  segment(x0: number, y0: number, x1: number, y1: number, w: number, c: readonly number[], alpha: number, clip: Box) {
    const pad = w / 2 + 1;
    const clipped = clipSegment(x0, y0, x1, y1, {
      left: clip.left - pad,
      top: clip.top - pad,
      right: clip.right + pad,
      bottom: clip.bottom + pad,
    });
    // Non-finite ends (a huge value mapped past float range) would never meet in the loop below.
    if (!clipped?.every(Number.isFinite)) return;
    const [bx, by] = [Math.round(clipped[2]!), Math.round(clipped[3]!)];
    let [ax, ay] = [Math.round(clipped[0]!), Math.round(clipped[1]!)];
    const dx = Math.abs(bx - ax);
    const dy = -Math.abs(by - ay);
    const sx = ax < bx ? 1 : -1;
    const sy = ay < by ? 1 : -1;
    let err = dx + dy;
    // Stamps overlap, so blending each would darken the line unevenly; draw translucent lines 1 px wide.
    const r = alpha < 1 || w <= 1 ? 0 : w / 2;
    for (;;) {
      if (r === 0) this.dot(ax, ay, c, alpha, clip);
      else this.disc(ax, ay, r, c, alpha, clip);
      if (ax === bx && ay === by) break;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        ax += sx;
      }
      if (e2 <= dx) {
        err += dx;
        ay += sy;
      }
    }
  }
}

/** The part of a segment inside `box`, or null (Liang–Barsky). */
export function clipSegment(x0: number, y0: number, x1: number, y1: number, box: Box): number[] | null {
  const dx = x1 - x0;
  const dy = y1 - y0;
  let t0 = 0;
  let t1 = 1;
  const edges: Array<[number, number]> = [
    [-dx, x0 - box.left],
    [dx, box.right - x0],
    [-dy, y0 - box.top],
    [dy, box.bottom - y0],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
  }
  if (t0 > t1) return null;
  return [x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy];
}
