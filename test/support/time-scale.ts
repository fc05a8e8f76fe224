import { cpus, loadavg } from 'os';

/**
 * How much slower than an idle machine with 4 cores this one runs tests: `VCK_TEST_TIME_SCALE` when set, else from
 * the cores and the load (a loaded 2-core machine gets about 3x). Bounds of waits and jest timeouts are multiplied by
 * it, so a slow machine fails on real hangs only, never on its own slowness.
 */
export function timeScale(env: NodeJS.ProcessEnv = process.env, cores = cpus().length, load = loadavg()[0]): number {
  const given = env.VCK_TEST_TIME_SCALE;
  if (given !== undefined && given !== '') {
    const factor = Number(given);
    if (!Number.isFinite(factor) || factor <= 0) throw new Error(`VCK_TEST_TIME_SCALE=${given}: expected a positive number such as 2 or 0.5`);
    return factor;
  }
  const fewCores = Math.max(1, 4 / Math.max(1, cores));
  const busy = 1 + Math.max(0, load) / Math.max(1, cores);
  return Math.min(8, Math.max(1, fewCores * busy));
}

/** `ms` scaled for this machine (see timeScale); the factor is computed once per test file. */
const FACTOR = timeScale();
export function scaled(ms: number): number {
  return Math.round(ms * FACTOR);
}
