/**
 * `neurite/node`: helpers that need Node.js built-ins (file paths, the terminal). Everything in
 * the main entry is re-exported too, so Node users can import from one place. Importing this
 * entry makes the live terminal progress bar the default display of `fit()`; elsewhere (browsers,
 * or the plain 'neurite' entry) the default prints one line per epoch.
 */
import { readFileSync } from 'node:fs';
import { type CsvData, type CsvOptions, parseCsv } from './data/index.js';
import { ValueError } from './errors.js';
import { installTerminalReporter } from './node/progress.js';

export * from './index.js';
export {
  DatasetNotFoundError,
  FASHION_MNIST_CLASSES,
  type ImageSplit,
  loadFashionMnist,
  loadMnist,
  type MnistData,
  type MnistOptions,
} from './node/datasets.js';
export { type Color, PALETTE, type PlotOptions, type PlotSeries, renderPlot, savePlot } from './node/plot.js';
export {
  encodePng,
  type ImageGridOptions,
  type RgbaImage,
  renderImageGrid,
  saveImageGrid,
  writePng,
} from './node/png.js';
export { installTerminalReporter, type TerminalReporterOptions, terminalReporter } from './node/progress.js';

installTerminalReporter();

/**
 * Read a CSV file (UTF-8) and parse it with `parseCsv`: numeric features `[N, F]` and a label column.
 * @param path the file's path (relative to the working directory or absolute).
 * @returns `{ x: [N, F], y: [N], featureNames, labelName, classNames }`, as `parseCsv`.
 * @throws ValueError naming the path when the file cannot be read, and `parseCsv`'s errors
 *   (prefixed with the path) for its contents.
 * @example
 * import { readCsv } from 'neurite/node';
 * const { x, y, classNames } = readCsv('data/wine.csv', { labelColumn: 'quality' });
 */
export function readCsv(path: string, options: CsvOptions = {}): CsvData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(err);
    throw new ValueError(`readCsv: cannot read '${path}': ${why}`);
  }
  try {
    return parseCsv(text, options);
  } catch (err) {
    if (err instanceof ValueError) throw new ValueError(`${path}: ${err.message}`);
    throw err;
  }
}
