import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as contract from '../src/contract';

test('the embedded SQLite database lives on the data volume at the path vCluster uses', () => {
  expect(contract.SQLITE_PATH).toBe('/data/state.db');
  expect(contract.LOCAL_STORE_ENDPOINT).toBe('http://127.0.0.1:2379');
});

describe('the runtime entry point script', () => {
  test('runs the CLI with node and the runtime options, passing its arguments on, and node accepts every option', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vck-entrypoint-'));
    try {
      const main = join(dir, 'main.js');
      writeFileSync(main, 'process.stdout.write(JSON.stringify({ execArgv: process.execArgv, argv: process.argv.slice(2) }))');
      const script = join(dir, 'vck');
      writeFileSync(script, contract.runtimeEntrypointScript(process.execPath, main), { mode: 0o755 });
      const ran = JSON.parse(execFileSync(script, ['storage', '--endpoint=sqlite:///data/state.db'], { encoding: 'utf-8' }));
      expect(ran).toEqual({ execArgv: [...contract.RUNTIME_NODE_OPTIONS], argv: ['storage', '--endpoint=sqlite:///data/state.db'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
