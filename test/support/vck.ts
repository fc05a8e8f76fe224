import { spawnSync } from 'child_process';
import { join } from 'path';
import { scaled } from './time-scale';

const root = join(__dirname, '..', '..');

/** Runs `vck` as a user would, in a child process, and returns its exit code and output. */
export function vck(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(root, 'src', 'cli', 'main.ts'), ...args], {
    cwd: root,
    encoding: 'utf-8',
    timeout: scaled(60_000),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
