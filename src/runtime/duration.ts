/** Milliseconds per unit of Go's time.ParseDuration. */
const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const COMPONENT = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * A duration flag as kine (Go's time.ParseDuration) takes it: one or more number-unit pairs, such as `300ms`, `5m`,
 * `1m30s` or `1h2m3.5s`, or a bare `0`. Returns milliseconds. Anything else, a negative duration included, is
 * refused with the flag's name and the accepted forms.
 */
export function parseDuration(flag: string, text: string): number {
  const refuse = (why: string) => new Error(`${flag} ${text}: ${why}; use a Go duration such as 300ms, 5s, 1m30s or 1h`);
  if (text === '') throw refuse('empty');
  if (text === '0') return 0;
  if (/^[-+]/.test(text)) throw refuse(text.startsWith('-') ? 'a duration cannot be negative' : 'no sign is needed');
  if (/^\d+(\.\d*)?$/.test(text)) throw refuse('missing unit');
  let ms = 0;
  COMPONENT.lastIndex = 0;
  while (COMPONENT.lastIndex < text.length) {
    const at = COMPONENT.lastIndex;
    const m = COMPONENT.exec(text);
    if (!m || m.index !== at) throw refuse('not a duration');
    ms += Number(m[1]) * UNITS[m[2]];
  }
  return ms;
}
