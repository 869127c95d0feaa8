import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValueError } from '../../src/errors.js';
import {
  DatasetNotFoundError,
  FASHION_MNIST_CLASSES,
  IDX_FILES,
  loadFashionMnist,
  loadMnist,
  loadMnistFiles,
  type MnistSpec,
} from '../../src/node/datasets.js';
import { encodeIdx, gzip, syntheticMnist } from '../helpers/idx-files.js';

const root = mkdtempSync(join(tmpdir(), 'neurite-mnist-'));
let count = 0;

/** A folder with a synthetic data set: 12 training and 5 test images of 4×4; some files gzipped. */
function folder(files: Partial<Record<keyof typeof IDX_FILES, Uint8Array | null>> = {}, names = IDX_FILES): string {
  const dir = join(root, `set${count++}`);
  mkdirSync(dir);
  const train = syntheticMnist(12, 4);
  const test = syntheticMnist(5, 4);
  const contents = {
    trainImages: gzip(train.images),
    trainLabels: train.labels,
    testImages: test.images,
    testLabels: gzip(test.labels),
    ...files,
  };
  for (const [key, name] of Object.entries(names)) {
    const bytes = contents[key as keyof typeof IDX_FILES];
    if (bytes === null) continue;
    const gz = bytes[0] === 0x1f;
    writeFileSync(join(dir, gz ? `${name}.gz` : name), bytes);
  }
  return dir;
}

const spec = (defaultDirs: string[]): MnistSpec => ({
  op: 'loadTest',
  title: 'Test-MNIST',
  classNames: Array.from({ length: 10 }, (_, k) => `c${k}`),
  defaultDirs,
  howToGet: ['ask a friend'],
});

describe('loadFashionMnist / loadMnist', () => {
  it('read the four files (gzipped or not) into [N, 1, H, W] float32 in [0, 1] and int32 labels', () => {
    const d = loadFashionMnist({ dir: folder() });
    expect(d.train.x.shape).toEqual([12, 1, 4, 4]);
    expect(d.train.x.dtype).toBe('float32');
    expect(d.train.y.dtype).toBe('int32');
    expect(d.test.x.shape).toEqual([5, 1, 4, 4]);
    expect(Array.from(d.train.y.data)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    // Pixel (i, k) of the synthetic files is (7i + k) mod 256.
    expect(d.train.x.data[0]).toBe(0);
    expect(d.train.x.data[16 * 3 + 2]).toBe(Math.fround((7 * 3 + 16 * 3 + 2) / 255));
    expect(Math.max(...d.train.x.data)).toBeLessThanOrEqual(1);
    expect(d.classNames).toEqual(FASHION_MNIST_CLASSES);
    expect(d.classNames[9]).toBe('Ankle boot');
    expect(loadMnist({ dir: folder() }).classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('accept the dotted names (train-images.idx3-ubyte)', () => {
    const dotted = Object.fromEntries(
      Object.entries(IDX_FILES).map(([k, v]) => [k, v.replace('-idx', '.idx')]),
    ) as unknown as typeof IDX_FILES;
    expect(loadMnist({ dir: folder({}, dotted) }).test.y.shape).toEqual([5]);
  });

  it('search the default folders in order and take the first complete one', () => {
    const partial = folder({ testLabels: null });
    const full = folder({ trainLabels: encodeIdx([12], 'uint8', new Array(12).fill(3)) });
    const d = loadMnistFiles(spec([join(root, 'nope'), partial, full]));
    expect(d.train.y.data.every((v) => v === 3)).toBe(true);
    expect(d.classNames[3]).toBe('c3');
  });

  it('say where they looked and how to get the files when absent', () => {
    const partial = folder({ testLabels: null, trainImages: null });
    const nowhere = join(root, 'nope');
    const err = () => loadMnistFiles(spec([nowhere, partial]));
    expect(err).toThrow(DatasetNotFoundError);
    expect(err).toThrow(ValueError);
    expect(err).toThrow(
      `loadTest: Test-MNIST not found. Looked in:\n  ${nowhere}: no such folder\n` +
        `  ${partial}: missing train-images-idx3-ubyte(.gz), t10k-labels-idx1-ubyte(.gz)\n` +
        'It needs the four standard IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte, ' +
        't10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (each may be gzipped, .gz). To get them:\n  ask a friend\n',
    );
    // The real loaders name the Debian package (Fashion-MNIST) and the folders they search.
    expect(() => loadFashionMnist({ dir: nowhere })).toThrow(/sudo apt-get install dataset-fashion-mnist/);
    expect(() => loadFashionMnist({ dir: partial })).toThrow(`${partial}: missing train-images-idx3-ubyte(.gz)`);
    expect(() => loadMnist()).toThrow(`${resolve('data/mnist')}: no such folder`);
    expect(() => loadMnist({ dir: join(root, 'nope') })).toThrow(/yann\.lecun\.com.*\n.*loadMnist\(\{ dir:/);
  });

  it('name the file when one is truncated or damaged', () => {
    const { images } = syntheticMnist(12, 4);
    const cut = folder({ trainImages: images.subarray(0, images.length - 3) });
    expect(() => loadMnist({ dir: cut })).toThrow(
      `loadMnist: '${join(cut, 'train-images-idx3-ubyte')}': parseIdx: data truncated: dims [12, 4, 4] of uint8 ` +
        'need 192 bytes after the 16-byte header, got 189',
    );
    const gz = gzip(images);
    const cutGz = folder({ trainImages: gz.subarray(0, gz.length - 10) });
    expect(() => loadMnist({ dir: cutGz })).toThrow(
      new RegExp(`'${join(cutGz, 'train-images-idx3-ubyte.gz')}' is a damaged gzip file`),
    );
    const swapped = folder({ testImages: syntheticMnist(5, 4).labels });
    expect(() => loadMnist({ dir: swapped })).toThrow(/t10k-images-idx3-ubyte': idxImages: expected images/);
  });

  it('reject files that do not belong together', () => {
    const fewer = folder({ trainLabels: syntheticMnist(11, 4).labels });
    expect(() => loadMnist({ dir: fewer })).toThrow(
      `loadMnist: 12 images in '${join(fewer, 'train-images-idx3-ubyte.gz')}' but 11 labels in ` +
        `'${join(fewer, 'train-labels-idx1-ubyte')}'`,
    );
    const outside = folder({ testLabels: encodeIdx([5], 'uint8', [0, 1, 10, 2, 3]) });
    expect(() => loadFashionMnist({ dir: outside })).toThrow(/label 10 at index 2 of .* is outside 0\.\.9/);
    const sizes = folder({ testImages: syntheticMnist(5, 3).images });
    expect(() => loadMnist({ dir: sizes })).toThrow('training images are 4×4 but test images are 3×3');
  });
});
