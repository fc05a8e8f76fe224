import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ConfigError, resolve } from '../../src/config';

/** The problems `build` throws in a ConfigError; fails when it throws nothing. */
export function problemsOf(build: () => unknown): { path: string; message: string }[] {
  try {
    build();
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  throw new Error('expected the values to be refused');
}

/** The problems `resolve` finds in the values. */
export function refused(values: unknown): { path: string; message: string }[] {
  return problemsOf(() => resolve(values));
}

/** Writes values files into a directory of the test file's own, removed after its tests: returns the writer. */
export function valuesFiles(): (name: string, text: string) => string {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vck-values-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name, text) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
}
