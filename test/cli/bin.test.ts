/**
 * The `neurite` bin as installed: dist/cli/neurite.js, the command line bundled into one module by
 * scripts/bundle-cli.mjs (see there why). Bundled here into .tmp/ from the current sources, it must
 * behave as the sources do when run by tsx.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
// two directories below the root, as dist/cli/ is: the bundle reads ../../package.json
const BIN = join(ROOT, '.tmp', 'cli-bin-test', 'neurite.js');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

/** The JSON summary of a `--json` run, less its timing. */
function summary(stdout: string): Record<string, unknown> {
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
  delete result.trainSeconds;
  return result;
}

describe('the bundled bin', () => {
  it('is what the package installs, and the build makes it', () => {
    expect(pkg.bin.neurite).toBe('./dist/cli/neurite.js');
    expect(pkg.scripts.build).toContain('node scripts/bundle-cli.mjs');
  });

  it('runs the command line of the sources: the same training, to the bit', async () => {
    await run(process.execPath, [join(ROOT, 'scripts', 'bundle-cli.mjs'), BIN]);
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(BIN).mode & 0o111).not.toBe(0); // executable
    const info = await run(process.execPath, [BIN, 'info']);
    expect(info.stdout).toContain(`neurite ${pkg.version} · backend`);
    const args = ['train', 'iris', '--epochs', '5', '--seed', '3', '--json'];
    const [bundled, sources] = await Promise.all([run(process.execPath, [BIN, ...args]), runCli(...args)]);
    expect(sources.code).toBe(0);
    expect(summary(bundled.stdout)).toEqual(summary(sources.stdout));
    expect(summary(bundled.stdout).epochsRun).toBe(5);
  }, 60_000);
});
