import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  cpuSecondsSince,
  intOption,
  memoryIo,
  numberOption,
  oneOf,
  processIo,
  progressReporter,
} from '../../src/cli/io.js';

describe('CLI output channels', () => {
  it('with --json, human lines go to stderr and results stay on stdout', () => {
    const io = memoryIo();
    io.human('plan');
    const json = io.forJson(true);
    json.human('progress');
    json.out('{"a":1}');
    json.err('warning: x');
    expect(io.stdout).toEqual(['plan', '{"a":1}']);
    expect(io.stderr).toEqual(['progress', 'warning: x']);
    expect(io.tty).toBeNull();
  });

  it('without a terminal the progress is one line per epoch, through the human channel', () => {
    const io = memoryIo();
    const reporter = progressReporter(io);
    reporter.onMessage?.('hello');
    expect(io.stdout).toEqual(['hello']);
    expect(processIo().tty).toBe(process.stdout.isTTY ? process.stdout : null);
  });

  it('option parsers explain bad values', () => {
    expect(numberOption('--lr')('0.5')).toBe(0.5);
    expect(() => numberOption('--lr')('')).toThrow(InvalidArgumentError);
    expect(() => numberOption('--lr')('1e999')).toThrow("--lr must be a number, got '1e999'");
    expect(intOption('--seed', 0)('0')).toBe(0);
    expect(() => intOption('--epochs')('2.5')).toThrow("--epochs must be a whole number >= 1, got '2.5'");
    expect(oneOf('--regime', ['batch', 'online'])('online')).toBe('online');
    expect(() => oneOf('--regime', ['batch', 'online'])('full')).toThrow('--regime must be one of batch, online');
  });

  it('cpuSecondsSince counts the CPU time used since a process.cpuUsage() reading', () => {
    const start = process.cpuUsage();
    let s = 0;
    for (let i = 0; i < 1e6; i++) s += Math.sqrt(i);
    expect(s).toBeGreaterThan(0);
    const used = cpuSecondsSince(start);
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThan(60);
  });
});
