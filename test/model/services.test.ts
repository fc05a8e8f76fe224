import { ETCD_DEPLOY, find, renderValues, STORES } from './fixtures';

describe('Services', () => {
  const objects = renderValues(STORES['etcd.embedded']);

  test('Service NAME forwards 443 to 8443 on the control plane pods', () => {
    expect(find(objects, 'Service', 'tenant-a').spec).toEqual({
      type: 'ClusterIP',
      ports: [{ name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' }],
      selector: { app: 'vcluster', release: 'tenant-a' },
    });
  });

  test('the headless Service publishes etcd ports with embedded etcd', () => {
    const headless = find(objects, 'Service', 'tenant-a-headless').spec;
    expect(headless.clusterIP).toBe('None');
    expect(headless.publishNotReadyAddresses).toBe(true);
    expect(headless.ports.map((p: any) => p.port)).toEqual([443, 2379, 2380]);
  });

  test('Service NAME-etcd, which the syncer dials, leads to the store container in the control plane pods, ready or not', () => {
    const service = find(renderValues({}), 'Service', 'tenant-a-etcd');
    expect(service.spec.selector).toEqual({ app: 'vcluster', release: 'tenant-a' });
    expect(service.spec.ports).toEqual([{ name: 'etcd', port: 2379, targetPort: 2379, protocol: 'TCP' }]);
    // The pod gets Ready only after its apiserver reached the store through this Service.
    expect(service.spec.publishNotReadyAddresses).toBe(true);
  });

  const deployed = renderValues(ETCD_DEPLOY);
  test('Services NAME-etcd and NAME-etcd-headless as the chart renders them', () => {
    const client = find(deployed, 'Service', 'tenant-a-etcd');
    expect(client.metadata.annotations).toEqual({ 'example.com/a': 'b' });
    expect(client.spec).toEqual({
      type: 'ClusterIP',
      ports: [{ name: 'etcd', port: 2379, targetPort: 2379, protocol: 'TCP' }, { name: 'peer', port: 2380, targetPort: 2380, protocol: 'TCP' }],
      selector: { app: 'vcluster-etcd', release: 'tenant-a' },
    });
    const headless = find(deployed, 'Service', 'tenant-a-etcd-headless');
    expect(headless.metadata.annotations).toEqual({ 'example.com/h': 'i' });
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector: { app: 'vcluster-etcd', release: 'tenant-a' } });
  });

  test('without the client Service of the deployed etcd, only the headless one', () => {
    const noClientService = renderValues({ controlPlane: { backingStore: { etcd: { deploy: { enabled: true, service: { enabled: false } } } } } });
    expect(noClientService.filter((o) => o.kind === 'Service').map((o) => o.metadata.name)).toEqual(['tenant-a', 'tenant-a-etcd-headless']);
  });
});
