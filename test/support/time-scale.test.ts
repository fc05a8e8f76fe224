import { timeScale } from './time-scale';

describe('the time scale of slow tests', () => {
  test.each([
    [{}, 4, 0, 1],
    [{}, 8, 0.5, 1.0625],
    [{}, 2, 0, 2],
    [{}, 2, 2, 4],
    [{}, 1, 7, 8],
    [{ VCK_TEST_TIME_SCALE: '0.5' }, 2, 4, 0.5],
    [{ VCK_TEST_TIME_SCALE: '3' }, 64, 0, 3],
  ])('env %j, %d cores, load %d: %d', (env, cores, load, factor) => {
    expect(timeScale(env, cores, load)).toBeCloseTo(factor);
  });

  test.each(['fast', '0', '-2'])('VCK_TEST_TIME_SCALE=%s is refused, saying what to give', (given) => {
    expect(() => timeScale({ VCK_TEST_TIME_SCALE: given }, 2, 0)).toThrow(`VCK_TEST_TIME_SCALE=${given}: expected a positive number such as 2 or 0.5`);
  });
});
