import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, ValueError } from '../../src/index.js';

describe('parseCsv', () => {
  it('parses features, encodes string labels in sorted order, keeps names', () => {
    const d = parseCsv('sepal_length,sepal_width,species\n5.1,3.5,setosa\n7.0,3.2,versicolor\n4.9,3.0,setosa\n');
    expect(d.x.shape).toEqual([3, 2]);
    expect(d.x.dtype).toBe('float32');
    expect(Array.from(d.x.data)).toEqual([5.1, 3.5, 7.0, 3.2, 4.9, 3.0].map(Math.fround));
    expect(d.y.dtype).toBe('int32');
    expect(d.y.toArray()).toEqual([0, 1, 0]);
    expect(d.featureNames).toEqual(['sepal_length', 'sepal_width']);
    expect(d.labelName).toBe('species');
    expect(d.classNames).toEqual(['setosa', 'versicolor']);
  });

  it('handles quotes, \\r\\n, blank and trailing lines, a BOM, spaces and other delimiters', () => {
    const text = '\uFEFF"a;1", b ,"the ""label"""\r\n\r\n 1 ,"2",x\r\n3,4,"y, z"\r\n\r\n  \r\n';
    const d = parseCsv(text);
    expect(d.featureNames).toEqual(['a;1', 'b']);
    expect(d.labelName).toBe('the "label"');
    expect(d.x.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(d.classNames).toEqual(['x', 'y, z']);
    const tsv = parseCsv('y\tf\nb\t1.5\na\t-2e3\n', { delimiter: '\t', labelColumn: 0 });
    expect(tsv.x.toArray()).toEqual([[1.5], [-2000]]);
    expect(tsv.y.toArray()).toEqual([1, 0]);
    const multiline = parseCsv('f,y\n1,"two\nlines"\n2,"two\nlines"\n3,oops\n');
    expect(multiline.classNames).toEqual(['oops', 'two\nlines']);
  });

  it('label column by name or index; ignored columns; no header', () => {
    const text = 'id,label,f1,f2\n7,b,1,2\n8,a,3,4\n';
    const d = parseCsv(text, { labelColumn: 'label', ignoreColumns: ['id'] });
    expect(d.featureNames).toEqual(['f1', 'f2']);
    expect(d.y.toArray()).toEqual([1, 0]);
    expect(parseCsv(text, { labelColumn: 1, ignoreColumns: [0] }).x.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    const nh = parseCsv('1,2,0\n3,4,1\n', { header: false });
    expect(nh.featureNames).toEqual(['x0', 'x1']);
    expect(nh.labelName).toBe('x2');
    expect(nh.y.toArray()).toEqual([0, 1]);
  });

  it('numeric class labels sort numerically; regression targets stay numbers', () => {
    const text = 'f,y\n1,10\n2,2\n3,1\n';
    const c = parseCsv(text);
    expect(c.classNames).toEqual(['1', '2', '10']);
    expect(c.y.toArray()).toEqual([2, 1, 0]);
    const r = parseCsv('f,y\n1,0.5\n2,-1.25\n', { task: 'regression' });
    expect(r.y.dtype).toBe('float32');
    expect(r.y.toArray()).toEqual([0.5, -1.25]);
    expect(r.classNames).toEqual([]);
    expect(parseCsv(text, { dtype: 'float64', task: 'regression' }).y.dtype).toBe('float64');
    expect(() => parseCsv('f,y\n1,big\n', { task: 'regression' })).toThrow("line 2, column 'y': 'big' is not a number");
  });

  it('errors name the line and column', () => {
    const rows = Array.from({ length: 15 }, () => '5.1,3.5,setosa');
    const bad = ['sepal_length,sepal_width,species', ...rows, '4.9,abc,setosa'].join('\n');
    expect(() => parseCsv(bad)).toThrow(ValueError);
    expect(() => parseCsv(bad)).toThrow("parseCsv: line 17, column 'sepal_width': 'abc' is not a number");
    expect(() => parseCsv('a,y\n\n,x\n')).toThrow("parseCsv: line 3, column 'a': the value is empty");
    expect(() => parseCsv('1,2,x\n3,y,z\n', { header: false })).toThrow("line 2, column 2: 'y' is not a number");
    expect(() => parseCsv('a,b,y\n1,2,x\n1,2\n')).toThrow(
      "parseCsv: line 3 has 2 fields but the header has 3; check the delimiter (',') and the quotes",
    );
    expect(() => parseCsv('a,y\n1,"x\n2,y\n')).toThrow('parseCsv: line 2: a quoted field is never closed');
    expect(() => parseCsv('a,y\n')).toThrow('parseCsv: there are no data rows (only a header)');
    expect(() => parseCsv('\n\n')).toThrow('parseCsv: the text has no rows');
    expect(() => parseCsv('a,y\n1,x\n', { labelColumn: 'z' })).toThrow(
      "parseCsv: labelColumn 'z' is not a column; the columns are 'a', 'y'",
    );
    expect(() => parseCsv('a,y\n1,x\n', { labelColumn: 2 })).toThrow('labelColumn 2 is out of range for 2 columns');
    expect(() => parseCsv('a,y\n1,\n')).toThrow("line 2, column 'y': the label is empty");
    expect(() => parseCsv('a,y\n1,x\n', { delimiter: '::' })).toThrow('delimiter must be one character');
    expect(() => parseCsv('a,y\n0x10,x\n')).toThrow("'0x10' is not a number");
  });

  it('round-trips random numeric tables', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.constantFrom(',', ';', '\t'),
        fc.constantFrom('\n', '\r\n'),
        (table, delim, eol) => {
          const text =
            ['a', 'b', 'y'].join(delim) +
            eol +
            table.map((r) => [r[0], r[1], `c${r[2]! > 0 ? 1 : 0}`].join(delim)).join(eol);
          const d = parseCsv(text, { delimiter: delim, dtype: 'float64' });
          expect(Array.from(d.x.data)).toEqual(
            table.flatMap((r) => [r[0], r[1]]).map((v) => (Object.is(v, -0) ? 0 : v)),
          );
          expect(d.y.shape).toEqual([table.length]);
        },
      ),
      { numRuns: 50, seed: 5 },
    );
  });
});
