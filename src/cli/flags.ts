/** A flag that takes a whole number (a count, an ordinal, milliseconds, a port), refused early with its name otherwise. */
export function wholeNumber(flag: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0 || n > max) {
    throw new Error(`${flag} ${text}: expected a whole number${max < Number.MAX_SAFE_INTEGER ? ` from 0 to ${max}` : ''}`);
  }
  return n;
}
