import { parseDuration } from '../../src/runtime/duration';

describe('Go durations, as kine takes its duration flags', () => {
  test.each([
    ['300ms', 300],
    ['5s', 5000],
    ['5m', 300_000],
    ['1m30s', 90_000],
    ['1h2m3.5s', 3_723_500],
    ['1.5h', 5_400_000],
    ['.5s', 500],
    ['2h45m', 9_900_000],
    ['1500us', 1.5],
    ['1500µs', 1.5],
    ['2000000ns', 2],
    ['0', 0],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration('--compact-interval', text)).toBe(ms);
  });

  test.each([
    ['5', 'missing unit'],
    ['1.5', 'missing unit'],
    ['', 'empty'],
    ['-5s', 'a duration cannot be negative'],
    ['+5s', 'no sign is needed'],
    ['5 s', 'not a duration'],
    ['5sec', 'not a duration'],
    ['1h 30m', 'not a duration'],
    ['m', 'not a duration'],
    ['5d', 'not a duration'],
    ['1.2.3s', 'not a duration'],
  ])('%j is refused: %s', (text, why) => {
    expect(() => parseDuration('--poll-interval', text)).toThrow(`--poll-interval ${text}: ${why}; use a Go duration such as 300ms, 5s, 1m30s or 1h`);
  });
});
