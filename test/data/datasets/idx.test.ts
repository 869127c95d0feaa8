import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idxImages, idxLabels, parseIdx, ValueError } from '../../../src/index.js';
import { encodeIdx, gzip } from '../../helpers/idx-files.js';

describe('parseIdx', () => {
  it('reads the header and the values of every dtype, gzipped or not', () => {
    const cases = [
      { dtype: 'uint8', values: [0, 1, 127, 128, 255, 9] },
      { dtype: 'int8', values: [-128, -1, 0, 1, 127, 5] },
      { dtype: 'int16', values: [-32768, -2, 0, 3, 32767, 258] },
      { dtype: 'int32', values: [-(2 ** 31), -1, 0, 1, 2 ** 31 - 1, 65536] },
      { dtype: 'float32', values: [-1.5, 0, 0.25, 3e-38, 1e30, 0.1].map(Math.fround) },
      { dtype: 'float64', values: [-1.5, 0, 0.1, 1e-300, 1e300, Math.PI] },
    ] as const;
    for (const { dtype, values } of cases) {
      const file = encodeIdx([2, 3], dtype, values);
      for (const bytes of [file, gzip(file)]) {
        const parsed = parseIdx(bytes);
        expect(parsed.dims).toEqual([2, 3]);
        expect(parsed.dtype).toBe(dtype);
        expect(Array.from(parsed.data)).toEqual(values);
      }
    }
    expect(parseIdx(encodeIdx([], 'uint8', [42]))).toEqual({ dims: [], dtype: 'uint8', data: new Uint8Array([42]) });
    expect(parseIdx(encodeIdx([0, 28, 28], 'uint8', [])).data.length).toBe(0);
  });

  it('returns arrays that own their buffer, even for a sub-view input', () => {
    const file = encodeIdx([3], 'uint8', [1, 2, 3]);
    const padded = new Uint8Array(file.length + 10);
    padded.set(file, 5);
    const { data } = parseIdx(padded.subarray(5, 5 + file.length));
    expect(Array.from(data)).toEqual([1, 2, 3]);
    expect(data.byteOffset).toBe(0);
    expect(data.buffer.byteLength).toBe(3);
  });

  it('names what is wrong in damaged files', () => {
    const file = encodeIdx(
      [4, 2, 2],
      'uint8',
      Array.from({ length: 16 }, (_, i) => i),
    );
    const err = (bytes: Uint8Array) => () => parseIdx(bytes);
    expect(err(new Uint8Array([0, 0]))).toThrow(/2 bytes is too short for an IDX header/);
    expect(err(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toThrow(/bad magic number.*got 0x50 0x4b/);
    const badCode = file.slice();
    badCode[2] = 0x0a;
    expect(err(badCode)).toThrow(/unknown dtype code 0x0a/);
    expect(err(file.subarray(0, 10))).toThrow('truncated header: 3 dimensions need 16 header bytes, got 10');
    expect(err(file.subarray(0, 30))).toThrow(
      'parseIdx: data truncated: dims [4, 2, 2] of uint8 need 16 bytes after the 16-byte header, got 14',
    );
    expect(err(new Uint8Array([...file, 0]))).toThrow('data too long');
    // A corrupted size makes the header promise far more than the file holds: no allocation, no hang.
    const huge = file.slice();
    huge[4] = 0xff;
    expect(err(huge)).toThrow(/need 17112760336 bytes .* got 16/);
    for (const e of [badCode, huge]) expect(err(e)).toThrow(ValueError);
  });

  it('rejects truncated or corrupted gzip streams', () => {
    const gz = gzip(
      encodeIdx(
        [50],
        'int32',
        Array.from({ length: 50 }, (_, i) => i * 1000),
      ),
    );
    for (const cut of [3, 12, gz.length - 20, gz.length - 8, gz.length - 1]) {
      expect(() => parseIdx(gz.subarray(0, cut))).toThrow(/damaged gzip stream/);
    }
    const badCrc = gz.slice();
    badCrc[gz.length - 6]! ^= 0xff;
    expect(() => parseIdx(badCrc)).toThrow(/trailer says .* CRC-32/);
    const badSize = gz.slice();
    badSize[gz.length - 3]! ^= 0x01;
    expect(() => parseIdx(badSize)).toThrow(ValueError);
  });

  it('round-trips random arrays of every dtype (property)', () => {
    const ints: Record<string, [number, number]> = {
      uint8: [0, 255],
      int8: [-128, 127],
      int16: [-32768, 32767],
      int32: [-(2 ** 31), 2 ** 31 - 1],
    };
    const arb = fc
      .record({
        dims: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }),
        dtype: fc.constantFrom('uint8', 'int8', 'int16', 'int32', 'float32', 'float64' as const),
        gz: fc.boolean(),
        seed: fc.integer(),
      })
      .map(({ dims, dtype, gz, seed }) => {
        const n = dims.reduce((a, b) => a * b, 1);
        const range = ints[dtype];
        const values = Array.from({ length: n }, (_, i) => {
          const u = Math.abs(Math.sin(seed + i * 12.9898) * 43758.5453) % 1;
          if (range) return range[0] + Math.floor(u * (range[1] - range[0] + 1));
          const v = (u - 0.5) * 1e6;
          return dtype === 'float32' ? Math.fround(v) : v;
        });
        return { dims, dtype, gz, values };
      });
    fc.assert(
      fc.property(arb, ({ dims, dtype, gz, values }) => {
        const file = encodeIdx(dims, dtype, values);
        const parsed = parseIdx(gz ? gzip(file) : file);
        expect(parsed.dims).toEqual(dims);
        expect(parsed.dtype).toBe(dtype);
        expect(Array.from(parsed.data)).toEqual(values);
      }),
      { seed: 5, numRuns: 200 },
    );
  });
});

describe('idxImages / idxLabels', () => {
  it('turn MNIST-style files into [N, 1, H, W] float32 in [0, 1] and int32 [N]', () => {
    const images = encodeIdx([2, 2, 3], 'uint8', [0, 255, 51, 102, 153, 204, 1, 2, 3, 4, 5, 6]);
    const x = idxImages(gzip(images));
    expect(x.shape).toEqual([2, 1, 2, 3]);
    expect(x.dtype).toBe('float32');
    expect(Array.from(x.data.subarray(0, 6))).toEqual([0, 1, 0.2, 0.4, 0.6, 0.8].map(Math.fround));
    const y = idxLabels(encodeIdx([3], 'uint8', [9, 0, 4]));
    expect(y.dtype).toBe('int32');
    expect(y.toArray()).toEqual([9, 0, 4]);
    expect(idxLabels(encodeIdx([2], 'int32', [-1, 70000])).toArray()).toEqual([-1, 70000]);
  });

  it('say when a file holds the other kind of data', () => {
    const labels = encodeIdx([3], 'uint8', [1, 2, 3]);
    const images = encodeIdx([1, 2, 2], 'uint8', [1, 2, 3, 4]);
    expect(() => idxImages(labels)).toThrow(
      'idxImages: expected images as 3-D unsigned bytes [N, H, W] (dtype code 0x08, 3 dims), got 1-D uint8 [3]',
    );
    expect(() => idxImages(encodeIdx([1, 1, 1], 'float32', [0.5]))).toThrow(/got 3-D float32/);
    expect(() => idxLabels(images)).toThrow('idxLabels: expected labels as 1-D integers [N], got 3-D uint8 [1, 2, 2]');
    expect(() => idxLabels(encodeIdx([1], 'float64', [1]))).toThrow(ValueError);
  });
});
