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

/** The process's stdout and stderr. */
export function processIo(): Io {
  const write = (stream: NodeJS.WriteStream) => (line: string) => {
    stream.write(`${line}\n`);
  };
  const make = (json: boolean): Io => {
    const humanStream = json ? process.stderr : process.stdout;
    return {
      out: write(process.stdout),
      human: write(humanStream),
      err: write(process.stderr),
      tty: humanStream.isTTY ? humanStream : null,
      forJson: make,
    };
  };
  return make(false);
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
