/**
 * MNIST and Fashion-MNIST from the four standard IDX files on disk (gzipped or not). Nothing is
 * downloaded: without `dir`, Fashion-MNIST is looked for where Debian's `dataset-fashion-mnist`
 * package installs it, then in ./data/fashion-mnist; a missing data set gets an error that says
 * how to get it. The bytes are parsed by the browser-safe IDX parser (data/datasets/idx.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { idxImages, idxLabels } from '../data/index.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';

/** Where to read the files from. */
export interface MnistOptions {
  /** Folder holding the four IDX files; default: the data set's standard folders (see each loader). */
  dir?: string;
}

/** Images `x` `[N, 1, H, W]` (float32 in [0, 1]) and labels `y` `[N]` (int32). */
export interface ImageSplit {
  x: Tensor;
  y: Tensor;
}

/** A data set with its standard train/test split and the names of its classes. */
export interface MnistData {
  train: ImageSplit;
  test: ImageSplit;
  /** `classNames[y[i]]` names image i's class. */
  classNames: string[];
}

/**
 * A data set's files are not on this machine; the message says where the loader looked and how to
 * get them. A `ValueError`, so code that catches those catches it too.
 * @example
 * import { DatasetNotFoundError, loadFashionMnist } from 'neurite/node';
 * try { loadFashionMnist(); } catch (e) { if (e instanceof DatasetNotFoundError) console.log(e.message); }
 */
export class DatasetNotFoundError extends ValueError {}

/**
 * Fashion-MNIST's class names for labels 0..9 (Zalando's names).
 * @example FASHION_MNIST_CLASSES[9] // 'Ankle boot'
 */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** Where Debian's `dataset-fashion-mnist` package puts the files. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** The four files of the standard split, by their canonical (uncompressed) names. */
export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

type FileKey = keyof typeof IDX_FILES;

/** What a loader needs to know about its data set. */
export interface MnistSpec {
  /** The loader's name, for messages. */
  op: string;
  title: string;
  classNames: string[];
  /** Folders searched in order when no `dir` is given. */
  defaultDirs: string[];
  /** How to get the files, one line per way (printed under "To get it:"). */
  howToGet: string[];
}

/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017, https://github.com/zalandoresearch/fashion-mnist,
 * © Zalando SE, MIT licence): 70,000 grayscale 28×28 pictures of clothes in 10 classes,
 * 60,000 for training and 10,000 for testing, 6,000 / 1,000 per class.
 * Without `dir` it looks in `/usr/share/datasets/fashion-mnist` (Debian: `sudo apt-get install
 * dataset-fashion-mnist`), then `./data/fashion-mnist`. Files may be gzipped (`.gz`) or not.
 * @returns `{ train: { x: [60000, 1, 28, 28], y: [60000] }, test: { x: [10000, 1, 28, 28],
 *   y: [10000] }, classNames }`: float32 pixels in [0, 1] (byte / 255), int32 labels 0..9,
 *   classNames `['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt',
 *   'Sneaker', 'Bag', 'Ankle boot']`.
 * @throws DatasetNotFoundError (a ValueError) saying where it looked and how to get the files;
 *   ValueError naming the file when one is damaged, truncated or its counts do not match.
 * @example
 * import { loadFashionMnist } from 'neurite/node';
 * const { train, test, classNames } = loadFashionMnist();
 * train.x.shape;               // [60000, 1, 28, 28]
 * classNames[test.y.data[0]];  // 'Ankle boot'
 */
export function loadFashionMnist(options: MnistOptions = {}): MnistData {
  return loadMnistFiles(
    {
      op: 'loadFashionMnist',
      title: 'Fashion-MNIST',
      classNames: FASHION_MNIST_CLASSES,
      defaultDirs: [DEBIAN_FASHION_MNIST_DIR, resolve('data/fashion-mnist')],
      howToGet: [
        `install Debian's package: sudo apt-get install dataset-fashion-mnist (it puts them in ${DEBIAN_FASHION_MNIST_DIR}), or`,
        'copy them from https://github.com/zalandoresearch/fashion-mnist (folder data/fashion) into ./data/fashion-mnist',
        "  or another folder and pass it: loadFashionMnist({ dir: 'path/to/folder' }).",
      ],
    },
    options,
  );
}

/**
 * MNIST handwritten digits (LeCun, Cortes & Burges, http://yann.lecun.com/exdb/mnist/): 70,000
 * grayscale 28×28 digits, 60,000 for training and 10,000 for testing. Without `dir` it looks in
 * `./data/mnist`. Files may be gzipped (`.gz`) or not, named `train-images-idx3-ubyte` or
 * `train-images.idx3-ubyte` (and so on).
 * @returns `{ train: { x: [60000, 1, 28, 28], y: [60000] }, test: { x: [10000, 1, 28, 28],
 *   y: [10000] }, classNames: ['0', …, '9'] }`, float32 pixels in [0, 1], int32 labels.
 * @throws DatasetNotFoundError (a ValueError) saying where it looked and how to get the files;
 *   ValueError naming the file when one is damaged, truncated or its counts do not match.
 * @example
 * import { loadMnist } from 'neurite/node';
 * const { train, test } = loadMnist({ dir: 'data/mnist' });
 * test.x.shape; // [10000, 1, 28, 28]
 */
export function loadMnist(options: MnistOptions = {}): MnistData {
  return loadMnistFiles(
    {
      op: 'loadMnist',
      title: 'MNIST',
      classNames: Array.from({ length: 10 }, (_, k) => String(k)),
      defaultDirs: [resolve('data/mnist')],
      howToGet: [
        'copy them from http://yann.lecun.com/exdb/mnist/ (or a mirror) into ./data/mnist',
        "  or another folder and pass it: loadMnist({ dir: 'path/to/folder' }).",
      ],
    },
    options,
  );
}

/** Read and check the four IDX files of an MNIST-like data set. */
export function loadMnistFiles(spec: MnistSpec, options: MnistOptions = {}): MnistData {
  const paths = locateIdxFiles(spec, options.dir);
  const part = (images: FileKey, labels: FileKey): ImageSplit => {
    const x = readIdx(spec.op, paths[images], idxImages);
    const y = readIdx(spec.op, paths[labels], idxLabels);
    if (x.shape[0] !== y.shape[0]) {
      throw new ValueError(
        `${spec.op}: ${x.shape[0]} images in '${paths[images]}' but ${y.shape[0]} labels in ` +
          `'${paths[labels]}'; the files do not belong together (or one is damaged)`,
      );
    }
    const k = spec.classNames.length;
    const bad = y.data.findIndex((v) => v < 0 || v >= k);
    if (bad >= 0) {
      throw new ValueError(
        `${spec.op}: label ${y.data[bad]} at index ${bad} of '${paths[labels]}' is outside 0..${k - 1} ` +
          `(${spec.title} has ${k} classes)`,
      );
    }
    return { x, y };
  };
  const train = part('trainImages', 'trainLabels');
  const test = part('testImages', 'testLabels');
  const [trainSize, testSize] = [train.x.shape.slice(2), test.x.shape.slice(2)];
  if (trainSize.join() !== testSize.join()) {
    throw new ValueError(
      `${spec.op}: training images are ${trainSize.join('×')} but test images are ${testSize.join('×')}; ` +
        'the files come from different data sets',
    );
  }
  return { train, test, classNames: [...spec.classNames] };
}

function readIdx(op: string, path: string, parse: (bytes: Uint8Array) => Tensor): Tensor {
  let bytes: Uint8Array = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    // Node's native zlib rather than the pure-JS gunzip: native code, and it checks the CRC too.
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      throw new ValueError(
        `${op}: '${path}' is a damaged gzip file (${(err as Error).message}); copy it again or reinstall the package`,
      );
    }
  }
  try {
    return parse(bytes);
  } catch (err) {
    if (err instanceof ValueError) throw new ValueError(`${op}: '${path}': ${err.message}`);
    throw err;
  }
}

/** The names a file may have: canonical or with a dot (`train-images.idx3-ubyte`), each maybe `.gz`. */
function candidates(name: string): string[] {
  const dotted = name.replace(/-(idx\d-ubyte)$/, '.$1');
  return [name, `${name}.gz`, dotted, `${dotted}.gz`];
}

/** The four files' paths in `dir`, and the canonical names of those missing. */
function scan(dir: string): { found: Partial<Record<FileKey, string>>; missing: string[] } {
  const found: Partial<Record<FileKey, string>> = {};
  const missing: string[] = [];
  for (const [key, name] of Object.entries(IDX_FILES) as Array<[FileKey, string]>) {
    const path = candidates(name)
      .map((c) => join(dir, c))
      .find((p) => existsSync(p) && statSync(p).isFile());
    if (path) found[key] = path;
    else missing.push(`${name}(.gz)`);
  }
  return { found, missing };
}

/**
 * The paths of the four files: in `dir` when given, else in the first default folder that holds
 * all four. Throws DatasetNotFoundError listing each folder searched and what it lacks.
 */
function locateIdxFiles(spec: MnistSpec, dir?: string): Record<FileKey, string> {
  const dirs = dir === undefined ? spec.defaultDirs : [resolve(dir)];
  const report: string[] = [];
  for (const d of dirs) {
    if (!existsSync(d) || !statSync(d).isDirectory()) {
      report.push(`  ${d}: no such folder`);
      continue;
    }
    const { found, missing } = scan(d);
    if (missing.length === 0) return found as Record<FileKey, string>;
    report.push(`  ${d}: missing ${missing.join(', ')}`);
  }
  const names = Object.values(IDX_FILES).join(', ');
  throw new DatasetNotFoundError(
    `${spec.op}: ${spec.title} not found. Looked in:\n${report.join('\n')}\n` +
      `It needs the four standard IDX files ${names} (each may be gzipped, .gz). To get them:\n` +
      `${spec.howToGet.map((l) => `  ${l}`).join('\n')}\nneurite downloads nothing by itself.`,
  );
}
