/**
 * The command line as the package installs it, for the benchmarks that time it (W1's CLI row,
 * `bench:ab --what cli`).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bundle `root`'s command line as the build does (scripts/bundle-cli.mjs, this checkout's) into
 * `root`/.tmp/cli/neurite.js, leaving dist/ alone; returns that path.
 * @example spawnSync(process.execPath, [bundleCli(ROOT), 'info'])
 */
export function bundleCli(root: string): string {
  const bin = join(root, '.tmp', 'cli', 'neurite.js');
  const script = join(ROOT, 'scripts', 'bundle-cli.mjs');
  const r = spawnSync(process.execPath, [script, bin, root], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bundling the CLI of ${root} failed: ${r.stderr}`);
  return bin;
}
