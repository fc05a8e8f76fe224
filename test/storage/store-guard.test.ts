import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { STORE_KIND_FILE } from '../../src/contract';
import { claimDataDir } from '../../src/runtime/store-guard';

test('a data directory is claimed by its first store and refused to another kind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vck-guard-'));
  try {
    claimDataDir(dir, 'sqlite');
    claimDataDir(dir, 'sqlite');
    expect(readFileSync(join(dir, STORE_KIND_FILE), 'utf-8')).toBe('sqlite\n');
    expect(() => claimDataDir(dir, 'etcd')).toThrow(/belongs to the sqlite store, not to etcd: changing the backing store of an existing virtual cluster is not supported/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
