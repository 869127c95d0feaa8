/**
 * A/B comparison of source trees on a busy machine: every sample is a fresh process, and the trees
 * take turns (A, B, A, B …), so load that comes and goes hits both alike; the medians are printed
 * with every sample and the load average before and after.
 *
 *   npm run bench:ab -- --trees before=/tmp/before,after=. --what w6 --n 1024 --threads 1,2 --runs 5
 *   npm run bench:ab -- --trees before=/tmp/before,after=. --what cli --runs 9
 *   npm run bench:ab -- --trees before=/tmp/before,after=. --what spec --spec /tmp/w5/W5-spec.json
 *
 * A tree is a directory with neurite's sources (e.g. `git archive REV | tar -x -C /tmp/before`,
 * then `ln -s $PWD/node_modules /tmp/before/`). `w6`: C = A·B of n × n float32 through the public
 * `matmul` on the wasm backend (3 warm-up calls, then the median GFLOP/s of 9); `cli`: the
 * `trainSeconds` of `neurite train iris --json`, a cold process each time, running each tree's
 * command line bundled as the build makes the bin (this checkout's scripts/bundle-cli.mjs, into
 * the tree's .tmp/cli/); `spec`: the first figure
 * of one workload variant as `bench/spec.ts` wrote it (e.g. W5's steps/s), this checkout's
 * harness running each tree's sources, timed in CPU time (one-thread variants; see lib/timing.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from './lib/cli.js';
import { median } from './lib/stats.js';

/** Parsed options of `bench:ab`. */
export interface AbArgs {
  trees: Array<{ label: string; dir: string }>;
  what: 'w6' | 'cli' | 'spec';
  /** The spec file of `--what spec` (from bench/spec.ts). */
  spec?: string;
  n: number;
  threads: number[];
  runs: number;
}

/**
 * Parse `--trees a=DIR,b=DIR --what w6|cli|spec [--spec FILE] --n N --threads 1,2 --runs R` (`--opt=value` works too).
 * @example parseAbArgs(['--trees', 'a=x,b=y']).runs // 5
 */
export function parseAbArgs(argv: readonly string[]): AbArgs {
  const opts = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    const eq = arg.indexOf('=');
    const name = eq >= 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const value = eq >= 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i];
    if (!name.startsWith('--') || value === undefined) throw new Error(`bench:ab: bad option '${arg}'`);
    opts.set(name.slice(2), value);
  }
  const trees = (opts.get('trees') ?? '').split(',').filter((t) => t !== '');
  if (trees.length === 0) throw new Error('bench:ab: give --trees label=DIR,label=DIR');
  const what = opts.get('what') ?? 'w6';
  if (what !== 'w6' && what !== 'cli' && what !== 'spec') {
    throw new Error(`bench:ab: --what is w6, cli or spec, got '${what}'`);
  }
  const spec = opts.get('spec');
  if (what === 'spec' && spec === undefined) throw new Error('bench:ab: --what spec needs --spec FILE (bench/spec.ts)');
  const count = (key: string, fallback: string) => {
    const v = Number(opts.get(key) ?? fallback);
    if (!Number.isInteger(v) || v < 1) throw new Error(`bench:ab: --${key} must be a positive integer`);
    return v;
  };
  return {
    trees: trees.map((t) => {
      const [label, dir] = t.split('=');
      if (!label || !dir) throw new Error(`bench:ab: a tree is label=DIR, got '${t}'`);
      return { label, dir: resolve(dir) };
    }),
    what,
    ...(spec === undefined ? {} : { spec: resolve(spec) }),
    n: count('n', '1024'),
    threads: (opts.get('threads') ?? '1,2').split(',').map(Number),
    runs: count('runs', '5'),
  };
}

const CHILD = fileURLToPath(new URL('./ab-child.ts', import.meta.url));
const CHILD_SPEC = fileURLToPath(new URL('./child.ts', import.meta.url));

/** One sample: a fresh process in `dir`; GFLOP/s (w6), ms (cli) or the spec's first figure. */
function sample(dir: string, args: AbArgs, threads: number): number {
  if (args.what === 'spec') return specSample(dir, args.spec as string);
  const cmd =
    args.what === 'w6'
      ? ['--import', 'tsx', CHILD, dir, String(args.n), String(threads)]
      : [join(dir, '.tmp', 'cli', 'neurite.js'), 'train', 'iris', '--json'];
  const r = spawnSync(process.execPath, cmd, { cwd: dir, encoding: 'utf8' });
  const last = r.stdout?.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || last === '') throw new Error(`bench:ab: ${dir} failed: ${r.stderr}`);
  return args.what === 'w6' ? Number(last) : (JSON.parse(last) as { trainSeconds: number }).trainSeconds * 1000;
}

/** The first figure of the spec's variant, with `dir`'s sources under this checkout's harness. */
function specSample(dir: string, specFile: string): number {
  const outFile = join(tmpdir(), `neurite-ab-${process.pid}.json`);
  const specCopy = join(tmpdir(), `neurite-ab-${process.pid}-spec.json`);
  writeFileSync(specCopy, JSON.stringify({ ...JSON.parse(readFileSync(specFile, 'utf8')), outFile }));
  // this checkout's harness, the tree's sources, timed in CPU time (see lib/timing.ts)
  const env = { ...process.env, NEURITE_TREE: dir, BENCH_CLOCK: 'cpu' };
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD_SPEC, specCopy], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`bench:ab: ${dir} failed: ${r.stderr}`);
  const result = JSON.parse(readFileSync(outFile, 'utf8')) as { measurements: Array<{ value: number }> };
  return result.measurements[0]?.value ?? Number.NaN;
}

async function main(): Promise<void> {
  const args = parseAbArgs(process.argv.slice(2));
  const threadCounts = args.what === 'w6' ? args.threads : [1];
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  if (args.what === 'cli') for (const { dir } of args.trees) bundleCli(dir);
  console.log(`load average before: ${load()}`);
  const samples = new Map<string, number[]>();
  for (let r = 0; r < args.runs; r++) {
    for (const threads of threadCounts) {
      for (const { label, dir } of args.trees) {
        const key =
          args.what === 'w6'
            ? `${label} ${threads}T n=${args.n}`
            : args.what === 'cli'
              ? `${label} CLI train iris`
              : `${label} ${args.spec}`;
        samples.set(key, [...(samples.get(key) ?? []), sample(dir, args, threads)]);
      }
    }
  }
  const unit = args.what === 'w6' ? 'GFLOP/s' : args.what === 'cli' ? 'ms' : "(the workload's unit)";
  for (const [key, xs] of samples) {
    console.log(
      `${key.padEnd(28)} median ${median(xs).toFixed(1)} ${unit}  (${xs.map((x) => x.toFixed(1)).join(' ')})`,
    );
  }
  console.log(`load average after: ${load()}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
