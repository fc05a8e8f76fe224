import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { adoptVolumeRootData, recordMemberId, setAsideData, viewDataDir } from '../../src/runtime/etcd/member-data';

describe('a member\'s data directory', () => {
  let volume: string;
  let dataDir: string;
  beforeEach(() => {
    volume = mkdtempSync(join(tmpdir(), 'member-data-'));
    dataDir = join(volume, 'etcd');
  });
  afterEach(() => rmSync(volume, { recursive: true, force: true }));

  /** etcd's layout: member/snap and member/wal. */
  const etcdData = (dir: string) => {
    mkdirSync(join(dir, 'member', 'snap'), { recursive: true });
    mkdirSync(join(dir, 'member', 'wal'), { recursive: true });
    writeFileSync(join(dir, 'member', 'snap', 'db'), 'bolt');
  };

  test('records the member ID beside the data, read back only while the data exists', () => {
    expect(viewDataDir(dataDir)).toEqual({ exists: false });
    etcdData(join(dataDir, 'data'));
    expect(viewDataDir(dataDir)).toEqual({ exists: true });
    recordMemberId(dataDir, '8e9e05c52164694d');
    expect(viewDataDir(dataDir)).toEqual({ exists: true, memberId: '8e9e05c52164694d' });
  });

  test('sets a removed member\'s data aside, keeping it, and forgets its ID', () => {
    etcdData(join(dataDir, 'data'));
    recordMemberId(dataDir, 'abc');
    const kept = setAsideData(dataDir, new Date('2026-01-02T03:04:05.678Z'));
    expect(kept).toBe(join(dataDir, 'data.removed-2026-01-02T03-04-05-678Z'));
    expect(existsSync(join(kept, 'member', 'snap', 'db'))).toBe(true);
    expect(viewDataDir(dataDir)).toEqual({ exists: false });
  });

  test('adopts a chart-installed etcd\'s data from the volume root, once, and never over its own', () => {
    etcdData(volume);
    expect(adoptVolumeRootData(dataDir, volume)).toBe(true);
    expect(existsSync(join(dataDir, 'data', 'member', 'snap', 'db'))).toBe(true);
    expect(readdirSync(volume)).toEqual(['etcd']);
    expect(adoptVolumeRootData(dataDir, volume)).toBe(false);

    // A member with data of its own leaves whatever sits at the root alone.
    etcdData(volume);
    expect(adoptVolumeRootData(dataDir, volume)).toBe(false);
    expect(existsSync(join(volume, 'member', 'snap', 'db'))).toBe(true);
  });

  test('a volume root without etcd data is left alone', () => {
    mkdirSync(join(volume, 'member'));
    expect(adoptVolumeRootData(dataDir, volume)).toBe(false);
    expect(viewDataDir(dataDir).exists).toBe(false);
  });
});
