/**
 * A tiny Fashion-MNIST look-alike on disk, for tests that run where the real data set is absent:
 * the four IDX files of side×side (default 28×28) uint8 pictures with labels 0..9, where class k is
 * a bright bar (k < 5: horizontal, k ≥ 5: vertical, in the (k mod 5)-th fifth of the picture) over
 * faint noise, so a small CNN learns it in a few epochs.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeIdx } from './idx-files.js';

/** `n` pictures and labels (label i mod 10), the noise from a fixed linear congruential generator. */
function pictures(n: number, side: number, seed: number): { images: Uint8Array; labels: Uint8Array } {
  let state = seed >>> 0;
  const noise = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 26; // 0..63
  };
  const band = side / 5;
  const thickness = Math.max(1, Math.floor(band / 2));
  const pixels = new Uint8Array(n * side * side);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % 10;
    labels[i] = k;
    const at = Math.floor((k % 5) * band + band / 4);
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        const onBar = k < 5 ? r >= at && r < at + thickness : c >= at && c < at + thickness;
        pixels[i * side * side + r * side + c] = onBar ? 200 + (noise() % 56) : noise();
      }
    }
  }
  return {
    images: encodeIdx([n, side, side], 'uint8', pixels),
    labels: encodeIdx([n], 'uint8', labels),
  };
}

/** Write the four files (uncompressed, canonical names) into a new temporary folder; returns it. */
export function fashionLikeFolder(trainCount = 200, testCount = 100, side = 28): string {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-fashion-like-'));
  mkdirSync(dir, { recursive: true });
  const train = pictures(trainCount, side, 1);
  const test = pictures(testCount, side, 2);
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), train.images);
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), train.labels);
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), test.images);
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), test.labels);
  return dir;
}
