/**
 * Command-line options of `npm run bench` (pure parsing, unit-tested in test/bench/).
 */

/** Parsed options. */
export interface BenchArgs {
  /** Workload ids to run (undefined: all registered). */
  only?: string[];
  /** Timed repetitions for every workload (undefined: each workload's default). */
  runs?: number;
  /** Write every figure to this JSON file. */
  json?: string;
  /** Write the table as Markdown (for docs/PERFORMANCE.md) to this file. */
  markdown?: string;
  /** Peers to leave out, e.g. ['torch', 'sklearn']. */
  skip?: string[];
  help: boolean;
}

/** The usage text printed by `--help`. */
export const USAGE = `Usage: npm run bench -- [options]

  --only W0,W1,W6   run only these workloads (default: all)
  --runs N          timed repetitions for every workload (default: each workload's own)
  --json FILE       also write every figure, the machine and the peers' versions to FILE
  --markdown FILE   also write the table, the machine and the settings as Markdown to FILE
  --skip tfjs,torch leave out these peers (tfjs, torch, sklearn)
  --help            show this text`;

/**
 * Parse `process.argv.slice(2)`. Accepts `--opt value` and `--opt=value`.
 * @throws Error naming the option when a value is missing or invalid.
 * @example parseArgs(['--only', 'w1,W6', '--runs=5']) // { only: ['W1', 'W6'], runs: 5, help: false }
 */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const out: BenchArgs = { help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue; // npm passes it through in some versions
    if (arg === '--help' || arg === '-h') {
      out.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const take = (): string => {
      if (eq >= 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case '--only':
        out.only = list(take()).map((s) => s.toUpperCase());
        if (out.only.length === 0) throw new Error('--only needs at least one workload id, e.g. --only W1,W6');
        break;
      case '--runs': {
        const raw = take();
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 1) throw new Error(`--runs must be a positive integer, got '${raw}'`);
        out.runs = n;
        break;
      }
      case '--json':
        out.json = take();
        break;
      case '--markdown':
        out.markdown = take();
        break;
      case '--skip':
        out.skip = list(take()).map((s) => s.toLowerCase());
        break;
      default:
        throw new Error(`unknown option '${arg}'\n\n${USAGE}`);
    }
  }
  return out;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
