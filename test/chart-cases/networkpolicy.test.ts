import { documentsOf, MY_RELEASE, testNoneByDefault } from './chart-case';

/** chart/tests/networkpolicy_test.yaml (vCluster v0.21.6), case by case. */
describe('chart case: NetworkPolicy', () => {
  testNoneByDefault('NetworkPolicy');

  test('defaults: the workloads\' policy, then the control plane\'s', () => {
    const docs = documentsOf('NetworkPolicy', { policies: { networkPolicy: { enabled: true } } }, MY_RELEASE);
    expect(docs).toHaveLength(2);
    const [workloads, controlPlane] = docs;
    expect(workloads.metadata.name).toBe('vc-work-my-release');
    expect(workloads.spec.egress[2].to[1].ipBlock.cidr).toBe('0.0.0.0/0');
    expect(controlPlane.metadata.name).toBe('vc-cp-my-release');
    expect(workloads.metadata.namespace).toBe('my-namespace');
    expect(controlPlane.metadata.namespace).toBe('my-namespace');
    expect(workloads.spec.egress).toHaveLength(3);
    expect(controlPlane.spec.egress).toHaveLength(2);
  });
});
