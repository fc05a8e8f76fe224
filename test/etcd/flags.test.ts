import { vck } from '../support/vck';

const local = ['etcd', '--local', '--client-urls=http://127.0.0.1:1', '--peer-urls=http://127.0.0.1:2', '--replicas-file=/nonexistent'];

describe('vck etcd refuses numbers that are not, naming the flag', () => {
  test.each([
    [['--ordinal=first'], '--ordinal first: expected a whole number'],
    [['--ordinal=0', '--reconcile-interval=2s'], '--reconcile-interval 2s: expected a whole number'],
    [['--ordinal=0', '--rebuild-after=-1'], '--rebuild-after -1: expected a whole number'],
  ])('%j', (flags, error) => {
    const { status, stderr } = vck(...local, ...flags);
    expect(status).toBe(1);
    expect(stderr).toContain(error);
  });
});
