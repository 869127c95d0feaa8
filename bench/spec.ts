/**
 * `npx tsx bench/spec.ts W3 [--backend wasm] [--threads 1] [--runs 1] [--out DIR]`: write the shared
 * data and the spec of one neurite variant of one workload, as bench/main.ts would, and print the
 * command that runs it alone — e.g. under `node --cpu-prof` to see where its time goes:
 *
 *   npx tsx bench/spec.ts W3 --out /tmp/prof
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/child.ts /tmp/prof/W3-spec.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunSpec } from './lib/types.js';
import { selectWorkloads } from './workloads/index.js';

/** What to write. */
export interface SpecArgs {
  workload: string;
  backend: string;
  threads: number;
  runs: number;
  out: string;
}

/**
 * Parse `process.argv.slice(2)`: a workload id, then `--backend`, `--threads`, `--runs`, `--out`.
 * @example parseSpecArgs(['w4', '--threads', '2']) // { workload: 'W4', backend: 'wasm', threads: 2, runs: 1, out: 'bench-spec' }
 */
export function parseSpecArgs(argv: readonly string[]): SpecArgs {
  const args = argv.filter((a) => a !== '--');
  const out: SpecArgs = { workload: '', backend: 'wasm', threads: 1, runs: 1, out: 'bench-spec' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      out.workload = arg.toUpperCase();
      continue;
    }
    const value = args[++i];
    if (value === undefined) throw new Error(`${arg} needs a value`);
    if (arg === '--backend') out.backend = value;
    else if (arg === '--out') out.out = value;
    else if (arg === '--threads' || arg === '--runs') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg} must be a positive integer, got '${value}'`);
      if (arg === '--threads') out.threads = n;
      else out.runs = n;
    } else throw new Error(`unknown option '${arg}'`);
  }
  if (out.workload === '') throw new Error('name a workload, e.g. npx tsx bench/spec.ts W3');
  return out;
}

async function main(args: SpecArgs): Promise<void> {
  const [workload] = selectWorkloads([args.workload]);
  const dir = resolve(args.out);
  mkdirSync(dir, { recursive: true });
  let dataFile: string | undefined;
  if (workload?.prepareData !== undefined) {
    dataFile = `${dir}/${args.workload}-data.json`;
    writeFileSync(dataFile, JSON.stringify(await workload.prepareData()));
  }
  const label = `neurite ${args.backend} ${args.threads}T`;
  const spec: RunSpec = {
    workload: args.workload,
    variant: { impl: 'neurite', label, backend: args.backend, threads: args.threads },
    runs: args.runs,
    outFile: `${dir}/${args.workload}-out.json`,
    ...(dataFile === undefined ? {} : { dataFile }),
  };
  const specFile = `${dir}/${args.workload}-spec.json`;
  writeFileSync(specFile, JSON.stringify(spec));
  console.log(`node --cpu-prof --cpu-prof-dir=${dir} --import tsx bench/child.ts ${specFile}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await main(parseSpecArgs(process.argv.slice(2)));
    process.exit(0);
  } catch (err) {
    console.error(`bench/spec: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
}
