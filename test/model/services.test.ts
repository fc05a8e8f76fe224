import { ETCD_DEPLOY, find, renderValues, STORES } from './fixtures';

describe('Services', () => {
  const objects = renderValues(STORES['etcd.embedded']);

  test('Service NAME forwards 443 and the kubelet port 10250 to 8443 on the control plane pods', () => {
    expect(find(objects, 'Service', 'tenant-a').spec).toEqual({
      type: 'ClusterIP',
      ports: [
        { name: 'https', port: 443, targetPort: 8443, nodePort: 0, protocol: 'TCP' },
        { name: 'kubelet', port: 10250, targetPort: 8443, nodePort: 0, protocol: 'TCP' },
      ],
      selector: { app: 'vcluster', release: 'tenant-a' },
    });
  });

  test('the user\'s spec is merged over the chart\'s, with node ports as set and the user\'s own ports and selector kept', () => {
    const nodePort = find(renderValues({
      controlPlane: { service: { httpsNodePort: 31443, kubeletNodePort: 31250, spec: { type: 'NodePort', externalTrafficPolicy: 'Local' } } },
    }), 'Service', 'tenant-a').spec;
    expect(nodePort).toMatchObject({ type: 'NodePort', externalTrafficPolicy: 'Local' });
    expect(nodePort.ports.map((p: any) => [p.name, p.nodePort])).toEqual([['https', 31443], ['kubelet', 31250]]);
    const own = find(renderValues({
      controlPlane: { service: { spec: { ports: [{ name: 'api', port: 6443, targetPort: 8443 }], selector: { app: 'other' } } } },
    }), 'Service', 'tenant-a').spec;
    expect(own).toEqual({ type: 'ClusterIP', ports: [{ name: 'api', port: 6443, targetPort: 8443 }], selector: { app: 'other' } });
  });

  test('on a shared annotation key the global annotations win on Service NAME and the deployed etcd\'s objects, the own ones on NAME-headless', () => {
    const annotated = renderValues({
      controlPlane: {
        advanced: { globalMetadata: { annotations: { shared: 'global' } }, headlessService: { annotations: { shared: 'own' } } },
        service: { annotations: { shared: 'own', own: 'yes' } },
        backingStore: { etcd: { embedded: { enabled: true } } },
      },
    });
    expect(find(annotated, 'Service', 'tenant-a').metadata.annotations).toEqual({ shared: 'global', own: 'yes' });
    expect(find(annotated, 'Service', 'tenant-a-headless').metadata.annotations).toEqual({ shared: 'own' });
    const etcd = renderValues({
      controlPlane: {
        advanced: { globalMetadata: { annotations: { 'example.com/a': 'global' } } },
        backingStore: { etcd: { deploy: { enabled: true, statefulSet: { annotations: { 'example.com/a': 'own' } }, service: { annotations: { 'example.com/a': 'own' } } } } },
      },
    });
    expect(find(etcd, 'Service', 'tenant-a-etcd').metadata.annotations).toEqual({ 'example.com/a': 'global' });
    expect(find(etcd, 'StatefulSet', 'tenant-a-etcd').metadata.annotations).toEqual({ 'example.com/a': 'global' });
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
