/**
 * The library's one warning channel. Advice that should not stop the program (a learning rate
 * that will probably diverge, a scheduler stepped before its optimizer) goes through
 * `warnOnce`, which says each thing once per key, so a warning inside a training loop does not
 * flood the console. Apps and tests capture or silence warnings with `setWarningHandler`.
 */

/** Receives each warning once per key: the message (without the 'neurite: ' prefix) and its key. */
export type WarningHandler = (message: string, key: string) => void;

let handler: WarningHandler | null = null;
const seen = new Set<string>();

/**
 * Say `message` once for `key`: later calls with the same key are ignored. By default it goes
 * to `console.warn` as `neurite: <message>`; a handler set by `setWarningHandler` receives it instead.
 *
 * @param key identifies what is warned about (e.g. `'optim.lr.SGD'`), so one warning per cause.
 * @example
 * import { warnOnce } from 'neurite';
 * warnOnce('demo', 'this prints once');
 * warnOnce('demo', 'this prints once'); // ignored
 */
export function warnOnce(key: string, message: string): void {
  if (seen.has(key)) return;
  seen.add(key);
  if (handler !== null) handler(message, key);
  else console.warn(`neurite: ${message}`);
}

/**
 * Route warnings to `fn` (to capture, log elsewhere, or silence them with `() => {}`); `null`
 * restores the default, `console.warn`. Returns the handler that was set before, so it can be
 * restored.
 *
 * @example
 * import { setWarningHandler, SGD, tensor } from 'neurite';
 * const messages: string[] = [];
 * const previous = setWarningHandler((m) => messages.push(m));
 * new SGD([tensor([1], { requiresGrad: true })], { lr: 5 }); // messages[0] explains why lr 5 diverges
 * setWarningHandler(previous);
 */
export function setWarningHandler(fn: WarningHandler | null): WarningHandler | null {
  const previous = handler;
  handler = fn;
  return previous;
}

/**
 * Forget which keys have warned, so each warning can be said once more (tests use this to
 * start every case from a clean slate).
 * @example resetWarnings();
 */
export function resetWarnings(): void {
  seen.clear();
}
