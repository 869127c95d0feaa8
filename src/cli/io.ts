/**
 * Where the CLI's output goes, its option parsers, and the CPU time the presets report. Results
 * go to stdout; with `--json` the human-readable text moves to stderr so stdout's last line is the
 * JSON summary alone. Warnings and errors always go to stderr. Commands take an `Io`, so tests
 * can capture everything.
 */
import { InvalidArgumentError } from 'commander';
import { lineReporter, type Reporter } from '../index.js';
import { terminalReporter } from '../node/progress.js';

/** The CLI's output channels. */
export interface Io {
  /** A result line (stdout). */
  out(line: string): void;
  /** A line for people (stdout, or stderr with --json). */
  human(line: string): void;
  /** A warning or error (stderr). */
  err(line: string): void;
  /** The terminal the human lines go to, for a live progress bar; null when it is not a terminal. */
  tty: NodeJS.WriteStream | null;
  /** The same channels, with human lines on stderr when `json` is set. */
  forJson(json: boolean): Io;
}

/** What `lineWriter` needs of a stream. */
export interface LineStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Longest that a line waits in `lineWriter`'s buffer, in ms (at most a turn of the event loop more). */
export const FLUSH_MS = 100;

/** A clock and a timer for `lineWriter` (tests pass their own). */
export interface WriterClock {
  now(): number;
  /** Call `fn` after `ms` without keeping the process alive. */
  later(fn: () => void, ms: number): void;
}

const REAL_CLOCK: WriterClock = {
  now: () => performance.now(),
  later: (fn, ms) => void setTimeout(fn, ms).unref(),
};

/** Writes lines to one stream; `flush()` writes what it holds. */
export interface LineWriter {
  line(text: string): void;
  flush(): void;
}

/**
 * Lines to a stream: at once to a terminal; to a pipe or a file, gathered and written together
 * once `FLUSH_MS` have passed since the last write (at the next line, or by a timer at the next
 * turn of the event loop), when `flush()` is called, and at exit — as C's stdio and Python buffer
 * a pipe. Each write to a pipe goes through Node's stream machinery and a system call, and
 * `neurite train iris` prints 200 epoch lines in a run of ~0.1 s (`npm run bench:ab -- --what cli`
 * without and with the buffering, 15 cold runs per tree, two passes: 151 → 125 and 132 → 115 ms).
 * @example const w = lineWriter(process.stderr); w.line('epoch 1/200 · …'); w.flush();
 */
export function lineWriter(stream: LineStream, clock: WriterClock = REAL_CLOCK): LineWriter {
  if (stream.isTTY === true) return { line: (text) => void stream.write(`${text}\n`), flush: () => {} };
  let pending = '';
  let last = clock.now();
  let timer = false;
  const flush = () => {
    if (pending !== '') stream.write(pending);
    pending = '';
    last = clock.now();
  };
  return {
    line(text) {
      pending += `${text}\n`;
      const waited = clock.now() - last;
      if (waited >= FLUSH_MS) flush();
      else if (!timer) {
        timer = true;
        clock.later(() => {
          timer = false;
          flush();
        }, FLUSH_MS - waited);
      }
    },
    flush,
  };
}

/**
 * An Io over two streams (a program's stdout and stderr). Result and human lines are buffered on
 * pipes and files (see `lineWriter`); a line on one stream first writes what the other holds, so
 * the two keep their order, and a warning or error is written at once, after everything before it.
 * `flush()` writes everything held.
 * @example const io = streamIo(process.stdout, process.stderr); io.human('epoch 1/5'); io.flush();
 */
export function streamIo(out: LineStream, errStream: LineStream, clock?: WriterClock): Io & { flush(): void } {
  const stdout = lineWriter(out, clock);
  const stderr = lineWriter(errStream, clock);
  const to = (own: LineWriter, other: LineWriter) => (line: string) => {
    other.flush();
    own.line(line);
  };
  const err = (line: string) => {
    stdout.flush();
    stderr.line(line);
    stderr.flush();
  };
  const flush = () => {
    stdout.flush();
    stderr.flush();
  };
  const make = (json: boolean): Io & { flush(): void } => {
    const humanStream = json ? errStream : out;
    return {
      out: to(stdout, stderr),
      human: json ? to(stderr, stdout) : to(stdout, stderr),
      err,
      tty: humanStream.isTTY === true ? (humanStream as NodeJS.WriteStream) : null,
      forJson: make,
      flush,
    };
  };
  return make(false);
}

let processStreams: (Io & { flush(): void }) | null = null;

/** The process's stdout and stderr (see `streamIo`), made once; what they hold is written at exit. */
export function processIo(): Io {
  if (processStreams === null) {
    const io = streamIo(process.stdout, process.stderr);
    process.on('exit', () => io.flush());
    processStreams = io;
  }
  return processStreams;
}

/** Output captured in arrays (for tests and embedding). */
export function memoryIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const make = (json: boolean): Io => ({
    out: (line) => stdout.push(line),
    human: (line) => (json ? stderr : stdout).push(line),
    err: (line) => stderr.push(line),
    tty: null,
    forJson: make,
  });
  return { ...make(false), stdout, stderr, forJson: make };
}

/** The training display: a live bar on a terminal, else one line per epoch. */
export function progressReporter(io: Io): Reporter {
  return io.tty !== null ? terminalReporter({ stream: io.tty }) : lineReporter({ write: io.human });
}

/** Help text of every command's `--json` flag. */
export const JSON_HELP = 'human output to stderr; the last stdout line is a JSON summary';

/** Parser of a numeric option: a finite number. */
export function numberOption(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new InvalidArgumentError(`${flag} must be a number, got '${value}'`);
    return n;
  };
}

/** Parser of a whole-number option, at least `min` (default 1). */
export function intOption(flag: string, min = 1) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      throw new InvalidArgumentError(`${flag} must be a whole number >= ${min}, got '${value}'`);
    }
    return n;
  };
}

/** Parser of an option with a fixed set of values. */
export function oneOf<T extends string>(flag: string, values: readonly T[]) {
  return (value: string): T => {
    if (!values.includes(value as T)) throw new InvalidArgumentError(`${flag} must be one of ${values.join(', ')}`);
    return value as T;
  };
}

/**
 * CPU seconds this process has used since `since` (all threads), for honest timings on a busy machine.
 * @example const start = process.cpuUsage(); work(); cpuSecondsSince(start) // e.g. 1.25
 */
export function cpuSecondsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}
