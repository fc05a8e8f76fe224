/** How `waitFor` polls. */
export interface WaitOptions {
  /** Pause between two checks. */
  readonly intervalMs: number;
  /** Give up after this long, failing with `what`; wait for good when undefined. */
  readonly timeoutMs?: number;
  /** What is awaited, as the timeout error says it ("the CA files to appear"); a function to add the last failure. */
  readonly what: string | (() => string);
  /** Stops the wait early, resolving undefined (the caller was stopped meanwhile). */
  readonly cancelled?: () => boolean;
}

/**
 * Polls `check` until it returns a value (anything but undefined or false), and resolves with it. An error thrown by
 * `check` ends the wait with that error: a check that can fail transiently catches its own errors.
 */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, options: WaitOptions): Promise<T | undefined> {
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  for (;;) {
    if (options.cancelled?.()) return undefined;
    const result = await check();
    if (result !== undefined && result !== false) return result;
    if (Date.now() >= deadline) {
      const what = typeof options.what === 'function' ? options.what() : options.what;
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs));
  }
}

/**
 * `work`, or the error `onTimeout` makes once `timeoutMs` have passed, whichever comes first. The work itself goes on:
 * a caller that must undo what arrives late (a connection to give back) does it on `work`.
 */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), timeoutMs);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
