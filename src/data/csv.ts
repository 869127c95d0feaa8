/**
 * A CSV parser for user data: numeric feature columns and one label column, from a string (so it
 * runs in browsers; `readCsv` in `neurite/node` reads a file path). Quoting follows RFC 4180
 * (`"a, b"`, `""` for a quote, line breaks inside quotes); `\n`, `\r\n` and `\r` all end a row; blank
 * lines are skipped. Errors name the line and the column.
 */
import { tensor } from '../creation.js';
import { allocate } from '../dtype.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { LabelEncoder } from './encoding.js';

/** Options of `parseCsv`. */
export interface CsvOptions {
  /** The first row names the columns. Default true; without it columns are named x0, x1, … */
  header?: boolean;
  /** The label column: its name (needs a header) or its index (negative counts from the end). Default: the last column. */
  labelColumn?: string | number;
  /** Columns to leave out (ids, free text), by name or index. Default none. */
  ignoreColumns?: ReadonlyArray<string | number>;
  /** The field separator, one character. Default ','. Use '\t' for TSV, ';' for European CSV. */
  delimiter?: string;
  /**
   * 'classification' (default): labels are classes, encoded 0..C−1 in sorted order (LabelEncoder);
   * 'regression': labels must be numbers and are returned as float targets.
   */
  task?: 'classification' | 'regression';
  /** dtype of x (and of y for regression). Default 'float32'. */
  dtype?: 'float32' | 'float64';
}

/** What `parseCsv` returns. */
export interface CsvData {
  /** Features `[N, F]`, float32 unless `dtype` says otherwise. */
  x: Tensor;
  /** Labels `[N]`: int32 class indices (classification) or float targets (regression). */
  y: Tensor;
  /** Names of the F feature columns, in order. */
  featureNames: string[];
  /** Name of the label column. */
  labelName: string;
  /** Class names; `classNames[y[i]]` is row i's label. Empty for regression. */
  classNames: string[];
}

/**
 * Parse CSV text into features and labels.
 * @returns `{ x: [N, F], y: [N], featureNames, labelName, classNames }`.
 * @throws ValueError naming the line and column of a value that is not a number, a row with the
 *   wrong number of fields, an unclosed quote, an unknown labelColumn or a file without data rows.
 * @example
 * import { parseCsv } from 'neurite';
 * const { x, y, classNames } = parseCsv('a,b,kind\n1,2,cat\n3,4,dog\n5,6,cat\n');
 * x.shape;     // [3, 2]
 * y.toArray(); // [0, 1, 0]
 * classNames;  // ['cat', 'dog']
 * @example
 * // line 3, column 'b': 'abc' is not a number
 * parseCsv('a,b,y\n1,2,0\n3,abc,1\n'); // throws ValueError
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvData {
  const { header = true, delimiter = ',', task = 'classification', dtype = 'float32' } = options;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new ValueError(
      `parseCsv: delimiter must be one character other than a quote or line break, got '${delimiter}'`,
    );
  }
  if (task !== 'classification' && task !== 'regression') {
    throw new ValueError(`parseCsv: task must be 'classification' or 'regression', got '${task}'`);
  }
  const records = tokenize(text, delimiter);
  const first = records[0];
  if (first === undefined) throw new ValueError('parseCsv: the text has no rows');
  const names = header ? first.fields : first.fields.map((_, j) => `x${j}`);
  const rows = header ? records.slice(1) : records;
  if (rows.length === 0) throw new ValueError('parseCsv: there are no data rows (only a header)');
  const column = (j: number) => (header ? `column '${names[j]}'` : `column ${j + 1}`);

  const labelIndex = resolveColumn(options.labelColumn ?? -1, names, header, 'labelColumn');
  const ignored = new Set((options.ignoreColumns ?? []).map((c) => resolveColumn(c, names, header, 'ignoreColumns')));
  if (ignored.has(labelIndex))
    throw new ValueError(`parseCsv: the label ${column(labelIndex)} is also in ignoreColumns`);
  const features = names.flatMap((_, j) => (j === labelIndex || ignored.has(j) ? [] : [j]));

  const n = rows.length;
  const f = features.length;
  const xData = allocate(dtype, n * f);
  const labels: string[] = new Array(n);
  rows.forEach(({ line, fields }, i) => {
    if (fields.length !== names.length) {
      throw new ValueError(
        `parseCsv: line ${line} has ${fields.length} fields but ${header ? 'the header' : `line ${first.line}`} has ` +
          `${names.length}; check the delimiter ('${delimiter}') and the quotes`,
      );
    }
    features.forEach((j, k) => {
      xData[i * f + k] = toNumber(fields[j] as string, line, column(j));
    });
    const label = fields[labelIndex] as string;
    if (label === '') {
      throw new ValueError(`parseCsv: line ${line}, ${column(labelIndex)}: the label is empty; fill or drop the row`);
    }
    labels[i] = label;
  });

  const x = tensor(xData, { shape: [n, f] });
  const featureNames = features.map((j) => names[j] as string);
  const labelName = names[labelIndex] as string;
  if (task === 'regression') {
    const yData = allocate(dtype, n);
    labels.forEach((v, i) => {
      yData[i] = toNumber(v, (rows[i] as CsvRecord).line, column(labelIndex));
    });
    return { x, y: tensor(yData), featureNames, labelName, classNames: [] };
  }
  // Numeric class labels (0, 1, 2 or 1, 2, 10) sort as numbers; other labels as strings.
  if (labels.every((v) => NUMBER.test(v))) {
    const enc = new LabelEncoder<number>();
    const y = enc.fitTransform(labels.map(Number));
    return { x, y, featureNames, labelName, classNames: enc.classes.map(String) };
  }
  const enc = new LabelEncoder<string>();
  const y = enc.fitTransform(labels);
  return { x, y, featureNames, labelName, classNames: enc.classes };
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function toNumber(value: string, line: number, column: string): number {
  if (NUMBER.test(value)) return Number(value);
  const why =
    value === '' ? 'the value is empty (missing values are not supported: fill or drop the row)' : 'is not a number';
  throw new ValueError(`parseCsv: line ${line}, ${column}: ${value === '' ? why : `'${value}' ${why}`}`);
}

function resolveColumn(c: string | number, names: string[], header: boolean, what: string): number {
  if (typeof c === 'number') {
    const j = c < 0 ? c + names.length : c;
    if (!Number.isInteger(c) || j < 0 || j >= names.length) {
      throw new ValueError(
        `parseCsv: ${what} ${c} is out of range for ${names.length} columns (valid: ${-names.length} to ${names.length - 1})`,
      );
    }
    return j;
  }
  const j = header ? names.indexOf(c) : -1;
  if (j < 0) {
    throw new ValueError(
      header
        ? `parseCsv: ${what} '${c}' is not a column; the columns are ${names.map((s) => `'${s}'`).join(', ')}`
        : `parseCsv: ${what} '${c}' is a name, but the text has no header; give a column index instead`,
    );
  }
  return j;
}

/** One row of fields and the (1-based) line it starts on. */
interface CsvRecord {
  line: number;
  fields: string[];
}

/** Split text into records of fields (RFC 4180 quoting; unquoted fields are trimmed; blank lines skipped). */
function tokenize(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false; // the current field began with a quote
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const endField = () => {
    fields.push(quoted ? field : field.trim());
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    const blank = fields.length === 0 && !quoted && field.trim() === '';
    endField();
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // skip a byte-order mark
  while (i < text.length) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') inQuotes = false;
      else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
      i++;
    } else if (ch === '"' && !quoted && field.trim() === '') {
      quoted = true;
      inQuotes = true;
      field = '';
      i++;
    } else if (ch === delimiter) {
      endField();
      i++;
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += ch;
      i++;
    }
  }
  if (inQuotes) throw new ValueError(`parseCsv: line ${recordLine}: a quoted field is never closed (a '"' is missing)`);
  endRecord();
  return records;
}
