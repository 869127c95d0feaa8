/**
 * `loadDigits()`: scikit-learn's 8×8 handwritten digits, the small image data set for a first CNN,
 * from the copy shipped in the package (see digits-data.gen.ts for the source and attribution).
 * No download, no file access.
 */

import { unzlibSync } from 'fflate';
import { ValueError } from '../../errors.js';
import { Tensor } from '../../tensor.js';
import { DIGITS_COUNT, DIGITS_ZLIB_BASE64 } from './digits-data.gen.js';

/** Labelled images held in memory. */
export interface ImageClassificationData {
  /** Images `[N, C, H, W]` (float32, NCHW), pixel values in [0, 1]. */
  x: Tensor;
  /** Class indices `[N]` (int32); `classNames[y[i]]` names image i's class. */
  y: Tensor;
  classNames: string[];
}

const SIDE = 8;
const PIXELS = SIDE * SIDE;
/** The digits' pixel values are counts of ink in 4×4 blocks: 0..16. */
const MAX_VALUE = 16;

/**
 * The 1,797 handwritten digits of scikit-learn's `load_digits()` (UCI "Optical Recognition of
 * Handwritten Digits", Alpaydin & Kaynak 1998, CC BY 4.0): 8×8 grayscale images, about 180 per
 * digit, in the file's order (not sorted by class). Pixels are the file's integers 0..16 divided by
 * 16, so 0 is background and 1 is full ink. Split with `trainTestSplit` (shuffled, stratified).
 * @returns `{ x: float32 [1797, 1, 8, 8] in [0, 1], y: int32 [1797] in 0..9, classNames }` with
 *   classNames `['0', '1', …, '9']`; fresh tensors on every call.
 * @example
 * import { loadDigits, trainTestSplit } from 'neurite';
 * const { x, y, classNames } = loadDigits();
 * x.shape;                  // [1797, 1, 8, 8]
 * classNames[y.data[0]];    // '0'
 * const split = trainTestSplit(x, y, { testSize: 0.25, stratify: true, seed: 1 });
 */
export function loadDigits(): ImageClassificationData {
  const packed = unpack();
  const n = DIGITS_COUNT;
  const x = new Float32Array(n * PIXELS);
  for (let i = 0; i < x.length; i++) x[i] = (packed[i] as number) / MAX_VALUE;
  const y = Int32Array.from(packed.subarray(n * PIXELS));
  return {
    x: new Tensor(x, [n, 1, SIDE, SIDE]),
    y: new Tensor(y, [n]),
    classNames: Array.from({ length: 10 }, (_, k) => String(k)),
  };
}

let cache: Uint8Array | undefined;

/** The packed bytes (N·64 pixels, then N labels), decoded once; the tensors copy them. */
function unpack(): Uint8Array {
  if (cache) return cache;
  const text = atob(DIGITS_ZLIB_BASE64);
  const deflated = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) deflated[i] = text.charCodeAt(i);
  const bytes = unzlibSync(deflated);
  if (bytes.length !== DIGITS_COUNT * (PIXELS + 1)) {
    // Only a damaged package gets here: the generator wrote exactly this many bytes.
    throw new ValueError(
      `loadDigits: the shipped data holds ${bytes.length} bytes, expected ${DIGITS_COUNT * (PIXELS + 1)}; ` +
        'the package is damaged, reinstall it',
    );
  }
  cache = bytes;
  return bytes;
}
