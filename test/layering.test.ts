/**
 * The architecture rule of DESIGN.md, enforced: imports only point down the layer list, and the
 * core (everything the browser entry exports) imports no Node built-in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../src');

// Lowest first. A file may import files of its own layer or any layer below it.
const LAYERS: Array<[string, RegExp]> = [
  ['base', /^(errors|dtype|shape|random|warnings)\.ts$/],
  ['backend', /^backend\//],
  ['tensor', /^(tensor|format)\.ts$/],
  ['autograd', /^(autograd|creation)\.ts$/],
  ['ops', /^ops\//],
  ['io', /^io\//],
  ['data', /^data\//],
  ['nn', /^nn\//],
  ['optim', /^optim\//],
  ['train', /^train\//],
  ['entry', /^(index|node)\.ts$|^cli\/|^node\//],
];

function layerOf(file: string): number {
  const i = LAYERS.findIndex(([, re]) => re.test(file));
  if (i < 0) throw new Error(`layering: ${file} belongs to no layer; add it to LAYERS in test/layering.test.ts`);
  return i;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

// AssemblyScript sources (compiled by asc into backend/wasm/kernels.gen.ts) are not TypeScript
// modules of the package: no layer, no test mirror (their tests run the compiled kernels).
const files = sourceFiles(SRC)
  .map((f) => relative(SRC, f))
  .filter((f) => !f.startsWith('backend/wasm/assembly/'));

function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1] as string);
}

describe('architecture', () => {
  it('imports only point down the layer list', () => {
    const violations: string[] = [];
    for (const file of files) {
      const own = layerOf(file);
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = relative(SRC, resolve(SRC, dirname(file), spec)).replace(/\.js$/, '.ts');
        const theirs = layerOf(target);
        if (theirs > own) violations.push(`${file} (${LAYERS[own]?.[0]}) imports ${target} (${LAYERS[theirs]?.[0]})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('only src/node.ts, src/node/ and src/cli/ import Node built-ins', () => {
    const offenders = files.filter(
      (f) =>
        !/^(node\.ts|cli\/|node\/)/.test(f) &&
        importsOf(f).some((s) => s.startsWith('node:') || /^(fs|path|os|worker_threads|url)$/.test(s)),
    );
    expect(offenders).toEqual([]);
  });

  it('there is no Math.random in src/', () => {
    expect(files.filter((f) => readFileSync(join(SRC, f), 'utf8').includes('Math.random'))).toEqual([]);
  });

  // Kernels of the JS reference are tested through every op (checkOp runs them); interfaces hold no code.
  it('every source file has a test mirror (test/<same path>.test.ts)', () => {
    const exempt = /(^|\/)index\.ts$|\.gen\.ts$|^backend\/(kernels|js)\/|^cli\/main\.ts$|^node\.ts$/;
    const missing = files.filter((f) => {
      if (exempt.test(f)) return false;
      try {
        readFileSync(join(SRC, '..', 'test', f.replace(/\.ts$/, '.test.ts')));
        return false;
      } catch {
        return true;
      }
    });
    expect(missing).toEqual([]);
  });
});
