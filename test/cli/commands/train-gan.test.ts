import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { trainParseOutput } from '../../helpers/train-parse.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-train-gan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('neurite train gan-ring / gan-digits', () => {
  it('the real CLI: gan-ring --json prints one JSON line on stdout and writes the plots', async () => {
    const out = join(dir, 'ring');
    const { code, stdout, stderr } = await runCli(
      'train',
      'gan-ring',
      '--steps',
      '4',
      '--plot-every',
      '2',
      '--seed',
      '3',
      '--out',
      out,
      '--json',
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0] as string);
    expect(summary).toMatchObject({ preset: 'gan-ring', seed: 3, steps: 4, stepsRun: 4 });
    for (const key of ['modesCovered', 'fractionNearModes', 'trainSeconds']) expect(typeof summary[key]).toBe('number');
    expect(summary.files).toEqual(['0', '2', '4'].map((s) => join(out, `ring-step-${s}.png`)));
    for (const file of summary.files) expect(existsSync(file)).toBe(true);
    expect(stderr).toMatch(/^neurite · gan-ring: 8 Gaussians on a ring of radius 2 \(std 0\.02\) · seed 3\n/);
    expect(stderr).toMatch(/\nmodes covered: \d of 8 /);
  });

  it('gan-ring: registered with its defaults and checked options', async () => {
    const parse = (...args: string[]) => trainParseOutput('gan-ring', ...args);
    const help = await parse('--help');
    for (const flag of ['--steps <n>', '--plot-every <n>', '--seed <n>', '--out <dir>', '--json']) {
      expect(help).toContain(flag);
    }
    expect(help).toMatch(/--steps <n>.*\(default: 2000\)/s);
    expect(await parse('--steps', '0')).toMatch(/--steps must be a whole number >= 1, got '0'/);
    expect(await parse('--seed', '-1')).toMatch(/--seed must be a whole number >= 0, got '-1'/);
    expect(await parse('--epochs', '3')).toMatch(/unknown option '--epochs'/);
  });

  it('gan-digits: registered with its defaults and checked options', async () => {
    const parse = (...args: string[]) => trainParseOutput('gan-digits', ...args);
    const help = await parse('--help');
    for (const flag of [
      '--epochs <n>',
      '--steps <n>',
      '--classifier-epochs <n>',
      '--seed <n>',
      '--out <dir>',
      '--json',
    ]) {
      expect(help).toContain(flag);
    }
    expect(help).toMatch(/--epochs <n>.*\(default: 100\)/s);
    expect(await parse('--epochs', '1.5')).toMatch(/--epochs must be a whole number >= 1, got '1.5'/);
    expect(await parse('--steps', 'many')).toMatch(/--steps must be a whole number >= 1, got 'many'/);
  });
});
