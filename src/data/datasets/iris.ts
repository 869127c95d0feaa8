/**
 * `loadIris()`: Fisher's iris flowers, the "hello world" of classification, from the copy shipped
 * in the package (see iris-data.gen.ts for the source and attribution). No download, no file access.
 */
import type { Tensor } from '../../tensor.js';
import { parseCsv } from '../csv.js';
import { IRIS_CSV } from './iris-data.gen.js';

/** A labelled classification data set held in memory. */
export interface ClassificationData {
  /** Features `[N, F]` (float32). */
  x: Tensor;
  /** Class indices `[N]` (int32); `classNames[y[i]]` names row i's class. */
  y: Tensor;
  featureNames: string[];
  classNames: string[];
}

/**
 * The iris data set (Fisher, 1936; UCI ML repository; scikit-learn's copy): 150 flowers, 50 of each
 * of 3 species, 4 measurements in cm. Rows are sorted by class, so split with `trainTestSplit`
 * (shuffled, stratified), never by taking the last rows.
 * @returns `{ x: float32 [150, 4], y: int32 [150] in {0, 1, 2}, featureNames, classNames }` with
 *   featureNames `['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']`
 *   and classNames `['setosa', 'versicolor', 'virginica']`, as `sklearn.datasets.load_iris()`.
 * @example
 * import { loadIris } from 'neurite';
 * const { x, y, classNames } = loadIris();
 * x.shape;                    // [150, 4]
 * classNames[y.data[0]];      // 'setosa'
 */
export function loadIris(): ClassificationData {
  // Parsed on every call so each caller owns its tensors (150 rows parse in well under a millisecond).
  const { x, y, featureNames, classNames } = parseCsv(IRIS_CSV);
  return { x, y, featureNames, classNames };
}
