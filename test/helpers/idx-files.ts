/**
 * Builds IDX files byte by byte for tests (an encoder independent of src/data/datasets/idx.ts):
 * header 00 00 <code> <ndim>, big-endian uint32 sizes, big-endian values.
 */
import { gzipSync } from 'fflate';

export type IdxTestDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

const CODES: Record<IdxTestDType, [code: number, bytes: number]> = {
  uint8: [0x08, 1],
  int8: [0x09, 1],
  int16: [0x0b, 2],
  int32: [0x0c, 4],
  float32: [0x0d, 4],
  float64: [0x0e, 8],
};

export function encodeIdx(dims: number[], dtype: IdxTestDType, values: ArrayLike<number>): Uint8Array {
  const [code, size] = CODES[dtype];
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + size * values.length);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = dims.length;
  dims.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  for (let i = 0; i < values.length; i++) {
    const at = header + size * i;
    const v = values[i] as number;
    if (dtype === 'uint8') view.setUint8(at, v);
    else if (dtype === 'int8') view.setInt8(at, v);
    else if (dtype === 'int16') view.setInt16(at, v, false);
    else if (dtype === 'int32') view.setInt32(at, v, false);
    else if (dtype === 'float32') view.setFloat32(at, v, false);
    else view.setFloat64(at, v, false);
  }
  return out;
}

export function gzip(bytes: Uint8Array): Uint8Array {
  return gzipSync(bytes);
}

/** n square images of side `side`, pixel (i, k) = (7·i + k) mod 256, and labels i mod 10. */
export function syntheticMnist(n: number, side: number): { images: Uint8Array; labels: Uint8Array } {
  const pixels = Array.from({ length: n * side * side }, (_, j) => (7 * Math.floor(j / (side * side)) + j) % 256);
  return {
    images: encodeIdx([n, side, side], 'uint8', pixels),
    labels: encodeIdx(
      [n],
      'uint8',
      Array.from({ length: n }, (_, i) => i % 10),
    ),
  };
}
