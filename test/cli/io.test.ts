import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  cpuSecondsSince,
  FLUSH_MS,
  intOption,
  type LineStream,
  lineWriter,
  memoryIo,
  numberOption,
  oneOf,
  processIo,
  progressReporter,
  streamIo,
  type WriterClock,
} from '../../src/cli/io.js';

/** A stream that records each write, and a clock whose time and timers the test moves. */
function fakes(isTTY = false) {
  const writes: string[] = [];
  const stream: LineStream = { write: (text) => writes.push(text), isTTY };
  let time = 0;
  const timers: Array<{ at: number; fn: () => void }> = [];
  const clock: WriterClock = { now: () => time, later: (fn, ms) => void timers.push({ at: time + ms, fn }) };
  const advance = (ms: number) => {
    time += ms;
    for (const t of timers.splice(0).sort((a, b) => a.at - b.at)) {
      if (t.at <= time) t.fn();
      else timers.push(t);
    }
  };
  return { writes, stream, clock, advance, timers };
}

describe('lineWriter', () => {
  it('writes each line at once to a terminal', () => {
    const f = fakes(true);
    const w = lineWriter(f.stream, f.clock);
    w.line('a');
    w.line('b');
    expect(f.writes).toEqual(['a\n', 'b\n']);
    expect(f.timers).toHaveLength(0);
  });

  it('gathers lines for a pipe and writes them together once FLUSH_MS have passed', () => {
    const f = fakes();
    const w = lineWriter(f.stream, f.clock);
    w.line('epoch 1');
    f.advance(10);
    w.line('epoch 2');
    expect(f.writes).toEqual([]); // held
    expect(f.timers).toHaveLength(1); // one timer for the batch
    f.advance(FLUSH_MS - 11);
    w.line('epoch 3');
    expect(f.writes).toEqual([]);
    f.advance(1); // FLUSH_MS after the writer was made: the timer writes all three at once
    expect(f.writes).toEqual(['epoch 1\nepoch 2\nepoch 3\n']);
    f.advance(FLUSH_MS);
    w.line('epoch 4'); // a line after a quiet FLUSH_MS goes out at once
    expect(f.writes).toEqual(['epoch 1\nepoch 2\nepoch 3\n', 'epoch 4\n']);
    w.line('epoch 5');
    w.flush();
    w.flush(); // nothing held: nothing written
    expect(f.writes.at(-1)).toBe('epoch 5\n');
    expect(f.writes).toHaveLength(3);
  });
});

describe('streamIo', () => {
  it('keeps the order across stdout and stderr, and writes warnings at once', () => {
    const out = fakes();
    const err = fakes();
    const io = streamIo(out.stream, err.stream, out.clock).forJson(true);
    io.human('plan');
    io.human('epoch 1');
    expect(err.writes).toEqual([]);
    io.err('warning: lr');
    expect(err.writes).toEqual(['plan\nepoch 1\nwarning: lr\n']); // at once, after what came before
    io.human('epoch 2');
    io.out('{"done":true}'); // stdout first writes what stderr holds
    expect(err.writes.at(-1)).toBe('epoch 2\n');
    expect(out.writes).toEqual([]);
    (io as typeof io & { flush(): void }).flush();
    expect(out.writes).toEqual(['{"done":true}\n']);
    expect(io.tty).toBeNull();
  });
});

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
