import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIris, readCsv, tensor, ValueError } from '../src/node.js';

describe('neurite/node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-node-'));

  it('re-exports the main entry', () => {
    expect(tensor([1, 2]).shape).toEqual([2]);
    expect(loadIris().x.shape).toEqual([150, 4]);
  });

  it('readCsv reads a file and parses it', () => {
    const path = join(dir, 'pets.csv');
    writeFileSync(path, 'weight,height,kind\r\n4.2,30,cat\r\n30,60,dog\r\n');
    const d = readCsv(path, { labelColumn: 'kind' });
    expect(d.x.toArray()).toEqual([
      [Math.fround(4.2), 30],
      [30, 60],
    ]);
    expect(d.classNames).toEqual(['cat', 'dog']);
  });

  it('names the path when the file is missing or its contents are bad', () => {
    const missing = join(dir, 'nope.csv');
    expect(() => readCsv(missing)).toThrow(ValueError);
    expect(() => readCsv(missing)).toThrow(`readCsv: cannot read '${missing}': no such file`);
    expect(() => readCsv(dir)).toThrow('it is a directory');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'a,y\n1,x\nq,y\n');
    expect(() => readCsv(bad)).toThrow(`${bad}: parseCsv: line 3, column 'a': 'q' is not a number`);
  });
});
