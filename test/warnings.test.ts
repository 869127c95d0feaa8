import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetWarnings, setWarningHandler, warnOnce } from '../src/index.js';

describe('warnOnce', () => {
  afterEach(() => {
    setWarningHandler(null);
    resetWarnings();
    vi.restoreAllMocks();
  });

  it("prints once per key to console.warn with a 'neurite: ' prefix", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    warnOnce('a', 'first');
    warnOnce('a', 'again');
    warnOnce('b', 'other');
    expect(warn.mock.calls).toEqual([['neurite: first'], ['neurite: other']]);
  });

  it('a handler receives message and key instead; null restores console.warn', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const seen: Array<[string, string]> = [];
    const previous = setWarningHandler((m, k) => seen.push([m, k]));
    expect(previous).toBeNull();
    warnOnce('k', 'captured');
    expect(seen).toEqual([['captured', 'k']]);
    expect(warn).not.toHaveBeenCalled();
    expect(setWarningHandler(null)).not.toBeNull();
    warnOnce('k2', 'printed');
    expect(warn).toHaveBeenCalledWith('neurite: printed');
  });

  it('resetWarnings lets a key warn again', () => {
    const seen: string[] = [];
    setWarningHandler((m) => seen.push(m));
    warnOnce('x', 'one');
    resetWarnings();
    warnOnce('x', 'two');
    expect(seen).toEqual(['one', 'two']);
  });
});
