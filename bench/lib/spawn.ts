/**
 * Running one variant in its own process and reading back its figures: TypeScript variants as
 * `node --import tsx bench/child.ts`, Python peers as `/usr/bin/python3 bench/peers/<script>`,
 * with the thread environment the workload reference prescribes. One at a time (spawnSync).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PYTHON } from './machine.js';
import type { ChildResult, RunSpec, Variant } from './types.js';

/** A child may run this long before it is stopped (a full run stays well under it). */
const CHILD_TIMEOUT_MS = 10 * 60_000;

/**
 * The environment of a child: threads pinned via OMP/OpenBLAS/MKL for Python peers (and
 * NEURITE_THREADS for neurite) when the variant states a thread count.
 * @example threadEnv({ impl: 'torch', label: 'torch 1T', threads: 1 }, {}).OMP_NUM_THREADS // '1'
 */
export function threadEnv(variant: Variant, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = { ...base };
  const n = variant.threads;
  if (n === undefined) return env;
  if (variant.impl === 'neurite') env.NEURITE_THREADS = String(n);
  if (variant.impl === 'torch' || variant.impl === 'sklearn') {
    env.OMP_NUM_THREADS = String(n);
    env.OPENBLAS_NUM_THREADS = String(n);
    env.MKL_NUM_THREADS = String(n);
  }
  return env;
}

/**
 * Run `spec` in a fresh process rooted at `root` and return what it wrote.
 * @throws Error with the tail of the child's output when it fails or writes nothing.
 */
export function runChild(spec: RunSpec, root: string, tmp: string, index: number): ChildResult {
  const specFile = join(tmp, `spec-${index}.json`);
  writeFileSync(specFile, JSON.stringify(spec));
  const { variant } = spec;
  const [cmd, args] =
    variant.script !== undefined
      ? [PYTHON, [join(root, 'bench', 'peers', variant.script), specFile]]
      : [process.execPath, ['--import', 'tsx', join(root, 'bench', 'child.ts'), specFile]];
  const r = spawnSync(cmd, args, {
    cwd: root,
    env: threadEnv(variant, process.env),
    encoding: 'utf8',
    timeout: CHILD_TIMEOUT_MS,
    maxBuffer: 64 * 2 ** 20,
  });
  if (r.status !== 0 || !existsSync(spec.outFile)) {
    const why = r.error ? String(r.error) : r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
    const tail = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n').slice(-8).join('\n');
    throw new Error(`${why}${tail === '' ? '' : `\n${tail}`}`);
  }
  return JSON.parse(readFileSync(spec.outFile, 'utf8')) as ChildResult;
}
