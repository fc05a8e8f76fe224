import { valuesFiles } from './helpers';
import { vck } from '../support/vck';

const valuesFile = valuesFiles();

test('vck template refuses a file with an unknown key deep in a section, naming its path, and prints nothing', () => {
  const file = valuesFile('typo.yaml', 'sync:\n  fromHost:\n    nodes:\n      selector:\n        al: true\n');
  const { status, stdout, stderr } = vck('template', '-f', file, '--name', 't');
  expect(status).toBe(1);
  expect(stdout).toBe('');
  expect(stderr).toContain('sync.fromHost.nodes.selector.al: unknown key: did you mean all?');
});

test('vck template converts the keys of vCluster < 0.20 with a warning on stderr that shows the new form', () => {
  const file = valuesFile('legacy.yaml', 'embeddedEtcd:\n  enabled: true\n');
  const { status, stdout, stderr } = vck('template', '-f', file, '--name', 't');
  expect(status).toBe(0);
  expect(stdout).toContain('kind: StatefulSet');
  expect(stderr).toBe('vck: warning: embeddedEtcd.enabled: key of vCluster < 0.20, read as its v0.21 form '
    + 'controlPlane.backingStore.etcd.embedded.enabled: true (write that instead)\n');
});
