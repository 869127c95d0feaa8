/**
 * The IDX file format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/), bytes in,
 * arrays or tensors out, gzipped or not. Browser-safe: `neurite/node` reads the files, this parses.
 *
 * Layout, all integers big-endian: two zero bytes, a dtype code, the number of dimensions d;
 * then d uint32 sizes; then the values, row-major. Every length is checked against the header
 * before anything is allocated, so a damaged file fails with a message, never a hang or a short read.
 */
import { gunzipSync } from 'fflate';
import { ValueError } from '../../errors.js';
import { Tensor } from '../../tensor.js';

/** Element types of IDX files, by their dtype codes 0x08…0x0E. */
export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The arrays `parseIdx` returns, one per `IdxDType`. */
export type IdxArray = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A parsed IDX file: its sizes, element type and values (row-major, native byte order). */
export interface IdxData {
  dims: number[];
  dtype: IdxDType;
  data: IdxArray;
}

const DTYPES: ReadonlyArray<[code: number, dtype: IdxDType, bytes: number]> = [
  [0x08, 'uint8', 1],
  [0x09, 'int8', 1],
  [0x0b, 'int16', 2],
  [0x0c, 'int32', 4],
  [0x0d, 'float32', 4],
  [0x0e, 'float64', 8],
];

const hex = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;

/**
 * Parse an IDX file (gzipped or not: a gzip stream is recognised by its magic bytes 1f 8b and
 * unpacked first, checking its CRC-32 and length).
 * @param bytes the file's contents.
 * @returns `{ dims, dtype, data }`: e.g. MNIST's train-images-idx3-ubyte gives
 *   `dims [60000, 28, 28]`, `dtype 'uint8'` and 47,040,000 bytes.
 * @throws ValueError naming what is wrong: a bad magic number, an unknown dtype code, a damaged
 *   gzip stream, or a data length that does not match the header ("expected N bytes, got M").
 * @example
 * import { parseIdx } from 'neurite';
 * const bytes = new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]);
 * parseIdx(bytes); // { dims: [3], dtype: 'uint8', data: Uint8Array [7, 8, 9] }
 */
export function parseIdx(bytes: Uint8Array): IdxData {
  const raw = isGzip(bytes) ? gunzip(bytes) : bytes;
  if (raw.length < 4) throw new ValueError(`parseIdx: ${raw.length} bytes is too short for an IDX header (4 + 4·dims)`);
  if (raw[0] !== 0 || raw[1] !== 0) {
    throw new ValueError(
      `parseIdx: bad magic number: an IDX file starts with bytes 00 00, got ${hex(raw[0]!)} ${hex(raw[1]!)}; ` +
        'this is not an IDX file (or it is compressed with something other than gzip)',
    );
  }
  const entry = DTYPES.find(([code]) => code === raw[2]);
  if (!entry) {
    const known = DTYPES.map(([c, d]) => `${hex(c)} ${d}`).join(', ');
    throw new ValueError(`parseIdx: unknown dtype code ${hex(raw[2]!)} (third byte); known codes: ${known}`);
  }
  const [, dtype, size] = entry;
  const ndim = raw[3]!;
  const headerBytes = 4 + 4 * ndim;
  if (raw.length < headerBytes) {
    throw new ValueError(
      `parseIdx: truncated header: ${ndim} dimensions need ${headerBytes} header bytes, got ${raw.length}`,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const expected = count * size;
  const got = raw.length - headerBytes;
  if (got !== expected) {
    const what = got < expected ? 'truncated' : 'too long';
    throw new ValueError(
      `parseIdx: data ${what}: dims [${dims.join(', ')}] of ${dtype} need ${expected} bytes after the ` +
        `${headerBytes}-byte header, got ${got}`,
    );
  }
  return { dims, dtype, data: readValues(view, headerBytes, count, dtype) };
}

/** The values, converted from big-endian; bytes are copied so the result owns its buffer. */
function readValues(view: DataView, offset: number, count: number, dtype: IdxDType): IdxArray {
  const start = view.byteOffset + offset;
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(view.buffer.slice(start, start + count));
    case 'int8':
      return new Int8Array(view.buffer.slice(start, start + count));
    case 'int16':
      return Int16Array.from({ length: count }, (_, i) => view.getInt16(offset + 2 * i, false));
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/**
 * Images from an IDX file of unsigned bytes `[N, H, W]` (MNIST's `*-images-idx3-ubyte`), as a
 * float32 tensor `[N, 1, H, W]` (NCHW, one channel) with pixel values byte / 255 in [0, 1].
 * @throws ValueError when the file is damaged (see `parseIdx`) or is not 3-D unsigned bytes.
 * @example
 * import { idxImages } from 'neurite';
 * // One 2×2 image; for MNIST pass the bytes of t10k-images-idx3-ubyte(.gz): [10000, 1, 28, 28].
 * const bytes = new Uint8Array([0, 0, 0x08, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 255, 255, 0]);
 * idxImages(bytes).toArray(); // [[[[0, 1], [1, 0]]]]
 */
export function idxImages(bytes: Uint8Array): Tensor {
  const { dims, dtype, data } = parseIdx(bytes);
  if (dtype !== 'uint8' || dims.length !== 3) {
    throw new ValueError(
      `idxImages: expected images as 3-D unsigned bytes [N, H, W] (dtype code 0x08, 3 dims), ` +
        `got ${dims.length}-D ${dtype} [${dims.join(', ')}]; is this a labels file? (use idxLabels, or parseIdx)`,
    );
  }
  const pixels = new Float32Array(data.length);
  for (let i = 0, n = data.length; i < n; i++) pixels[i] = data[i]! / 255;
  return new Tensor(pixels, [dims[0]!, 1, dims[1]!, dims[2]!]);
}

/**
 * Labels from a 1-D IDX file of integers (MNIST's `*-labels-idx1-ubyte`), as an int32 tensor `[N]`.
 * @throws ValueError when the file is damaged (see `parseIdx`) or is not 1-D integers.
 * @example
 * import { idxLabels } from 'neurite';
 * idxLabels(new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 2, 9, 4])).toArray(); // [9, 4]
 */
export function idxLabels(bytes: Uint8Array): Tensor {
  const { dims, dtype, data } = parseIdx(bytes);
  if (dims.length !== 1 || dtype === 'float32' || dtype === 'float64') {
    throw new ValueError(
      `idxLabels: expected labels as 1-D integers [N], got ${dims.length}-D ${dtype} [${dims.join(', ')}]; ` +
        'is this an images file? (use idxImages, or parseIdx)',
    );
  }
  return new Tensor(Int32Array.from(data), [dims[0]!]);
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Gunzip with fflate, then check the trailer (fflate does not): CRC-32 and length mod 2³². */
function gunzip(bytes: Uint8Array): Uint8Array {
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes);
  } catch (err) {
    throw new ValueError(`parseIdx: damaged gzip stream (${(err as Error).message}); is the file truncated?`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const crc = view.getUint32(bytes.length - 8, true);
  const size = view.getUint32(bytes.length - 4, true);
  if (size !== out.length % 2 ** 32 || crc !== crc32(out)) {
    throw new ValueError(
      `parseIdx: damaged gzip stream: the trailer says ${size} bytes with CRC-32 ${crc.toString(16)}, ` +
        `unpacked ${out.length} bytes with CRC-32 ${crc32(out).toString(16)}`,
    );
  }
  return out;
}

let crcTable: Int32Array | undefined;

/** CRC-32 (ISO 3309, the polynomial of gzip and PNG), table-driven, in int32 arithmetic. */
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  const table = crcTable;
  let c = -1;
  for (let i = 0, n = bytes.length; i < n; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
