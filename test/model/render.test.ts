import { parse } from 'yaml';
import { CHART_DEFAULTS, resolve, type VClusterValues } from '../../src/config';
import {
  DATA_DIR, ETCD_LEAVE_COMMAND, PKI, RUNTIME_ENTRYPOINT, SQLITE_PATH, STORAGE_CONTAINER_NAME, STORE_ENDPOINT_SECRET_KEY,
} from '../../src/contract';
import { render, syncerValues, type KubeObject } from '../../src/model';
import { LEAVE_BUDGET_MS } from '../../src/runtime/etcd/leave';
import { validateAgainstKubernetesSchema } from '../support/validate-k8s';

const release = { name: 'tenant-a', namespace: 'tenants' };
const renderValues = (values: VClusterValues) => render(resolve(values), release);
const find = (objects: KubeObject[], kind: string, name: string) => {
  const object = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!object) throw new Error(`no ${kind}/${name} in ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return object as any;
};
const configYaml = (objects: KubeObject[]) => parse(Buffer.from(find(objects, 'Secret', 'vc-config-tenant-a').data['config.yaml'], 'base64').toString());
const workload = (objects: KubeObject[]) => objects.find((o) => o.metadata.name === release.name && /StatefulSet|Deployment/.test(o.kind)) as any;
const container = (objects: KubeObject[], name: string) => workload(objects).spec.template.spec.containers.find((c: any) => c.name === name);

const STORES: Record<string, VClusterValues> = {
  'database.embedded': {},
  'database.external': { controlPlane: { backingStore: { database: { external: { enabled: true, dataSourceSecret: { name: 'db', key: 'dsn' } } } }, statefulSet: { highAvailability: { replicas: 2 } } } },
  'etcd.embedded': { controlPlane: { backingStore: { etcd: { embedded: { enabled: true } } }, statefulSet: { highAvailability: { replicas: 3 } } } },
  'etcd.deploy': { controlPlane: { backingStore: { etcd: { deploy: { enabled: true, statefulSet: { highAvailability: { replicas: 3 } } } } } } },
};

describe.each(Object.entries(STORES))('store %s', (store, values) => {
  const objects = renderValues(values);

  test('every object is valid against the Kubernetes schema', () => {
    expect(() => validateAgainstKubernetesSchema(objects)).not.toThrow();
  });

  test('rendering is deterministic', () => {
    expect(renderValues(values)).toEqual(objects);
  });

  test('objects carry the chart labels and the release namespace', () => {
    for (const object of objects) {
      expect(object.metadata.namespace).toBe('tenants');
      // As in the chart, the CoreDNS ConfigMap is the one object without labels.
      if (object.metadata.name === 'vc-coredns-tenant-a') expect(object.metadata.labels).toBeUndefined();
      else expect(object.metadata.labels).toMatchObject({ release: 'tenant-a', chart: 'vcluster-0.21.6' });
    }
  });

  test('objects match the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test(`the store container matches the store (${store})`, () => {
    const storage = container(objects, STORAGE_CONTAINER_NAME);
    if (store === 'etcd.deploy') {
      expect(storage).toBeUndefined();
    } else {
      expect(storage.command).toEqual([RUNTIME_ENTRYPOINT]);
      expect(storage.args[0]).toBe(store === 'etcd.embedded' ? 'etcd' : 'storage');
      // vck storage serves the syncer's server certificate; the etcd manager issues its member's own from the syncer's CA.
      const tls = store === 'etcd.embedded'
        ? [`--ca-file=${PKI.etcdCa}`, `--ca-key-file=${PKI.etcdCaKey}`, '--san=tenant-a-etcd']
        : [`--cert-file=${PKI.etcdServerCert}`, `--key-file=${PKI.etcdServerKey}`, `--ca-file=${PKI.etcdCa}`];
      expect(storage.args).toEqual(expect.arrayContaining(tls));
    }
  });
});

describe('StatefulSet or Deployment', () => {
  test('the SQLite default keeps state: a StatefulSet with a data volume claim (auto)', () => {
    const sts = workload(renderValues({}));
    expect(sts.kind).toBe('StatefulSet');
    expect(sts.spec.volumeClaimTemplates).toEqual([{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } }]);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain' });
    expect(sts.spec.serviceName).toBe('tenant-a-headless');
    expect(sts.spec.podManagementPolicy).toBe('Parallel');
  });

  test('an external database keeps no state: a Deployment with an emptyDir data volume', () => {
    const deployment = workload(renderValues(STORES['database.external']));
    expect(deployment.kind).toBe('Deployment');
    expect(deployment.spec.strategy).toEqual({ rollingUpdate: { maxSurge: 1, maxUnavailable: 1 }, type: 'RollingUpdate' });
    expect(deployment.spec.template.spec.volumes).toContainEqual({ name: 'data', emptyDir: {} });
  });

  test('embedded etcd is always a StatefulSet', () => {
    expect(workload(renderValues({ ...STORES['etcd.embedded'], controlPlane: { ...STORES['etcd.embedded'].controlPlane, statefulSet: { persistence: { volumeClaim: { enabled: false } } } } })).kind)
      .toBe('StatefulSet');
  });

  test('volumeClaim.enabled: true forces a claim; false drops it', () => {
    expect(workload(renderValues({ controlPlane: { backingStore: { etcd: { deploy: { enabled: true } } }, statefulSet: { persistence: { volumeClaim: { enabled: true } } } } })).kind).toBe('StatefulSet');
    expect(workload(renderValues({ controlPlane: { statefulSet: { persistence: { volumeClaim: { enabled: false } } } } })).kind).toBe('Deployment');
  });

  test('retention policy, storage class and size of the claim', () => {
    const sts = workload(renderValues({ controlPlane: { statefulSet: { persistence: { volumeClaim: { retentionPolicy: 'Delete', size: '20Gi', storageClass: 'fast' } } } } }));
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete' });
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '20Gi' } } });
  });

  test('an existing claim through dataVolume, extra volumes and mounts', () => {
    const objects = renderValues({
      controlPlane: {
        statefulSet: {
          persistence: {
            volumeClaim: { enabled: false },
            dataVolume: [{ name: 'data', persistentVolumeClaim: { claimName: 'tenant-a-data' } }],
            addVolumes: [{ name: 'extra', configMap: { name: 'x' } }],
            addVolumeMounts: [{ name: 'extra', mountPath: '/extra' }],
          },
        },
      },
    });
    const spec = workload(objects).spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'tenant-a-data' } });
    expect(spec.volumes).not.toContainEqual({ name: 'data', emptyDir: {} });
    expect(spec.volumes).toContainEqual({ name: 'extra', configMap: { name: 'x' } });
    expect(container(objects, 'syncer').volumeMounts).toContainEqual({ name: 'extra', mountPath: '/extra' });
  });
});

describe('distro images and init containers', () => {
  const initImages = (values: VClusterValues) => Object.fromEntries(
    workload(renderValues(values)).spec.template.spec.initContainers.map((c: any) => [c.name, c.image]),
  );

  test('the binaries of the distro are copied by init containers', () => {
    expect(initImages({})).toEqual({
      'vcluster-copy': 'ghcr.io/loft-sh/vcluster-pro:0.21.6',
      'kube-controller-manager': 'registry.k8s.io/kube-controller-manager:v1.30.2',
      'kube-apiserver': 'registry.k8s.io/kube-apiserver:v1.30.2',
    });
  });

  test('version replaces the default tags, but a component\'s own tag wins', () => {
    expect(initImages({ controlPlane: { distro: { k8s: { version: 'v1.29.6', apiServer: { image: { tag: 'v1.29.5' } } } } } })).toMatchObject({
      'kube-controller-manager': 'registry.k8s.io/kube-controller-manager:v1.29.6',
      'kube-apiserver': 'registry.k8s.io/kube-apiserver:v1.29.5',
    });
  });

  test('a disabled component is not copied; the scheduler is copied with the virtual scheduler', () => {
    const images = initImages({
      controlPlane: { distro: { k8s: { controllerManager: { enabled: false } } }, advanced: { virtualScheduler: { enabled: true } } },
      sync: { fromHost: { nodes: { enabled: true } } },
    });
    expect(images['kube-controller-manager']).toBeUndefined();
    expect(images['kube-scheduler-manager']).toBe('registry.k8s.io/kube-scheduler:v1.30.2');
  });
});

describe('the syncer container', () => {
  test('probes can be turned off one by one', () => {
    const syncer = container(renderValues({ controlPlane: { statefulSet: { probes: { livenessProbe: { enabled: false } } } } }), 'syncer');
    expect(syncer.livenessProbe).toBeUndefined();
    expect(syncer.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 8443, scheme: 'HTTPS' });
    expect(syncer.startupProbe.failureThreshold).toBe(300);
  });

  test('env, resources, security context', () => {
    const syncer = container(renderValues({ controlPlane: { statefulSet: { env: [{ name: 'X', value: '1' }] }, distro: { k8s: { env: [{ name: 'Y', value: '2' }] } } } }), 'syncer');
    expect(syncer.env.map((e: any) => e.name)).toEqual(['VCLUSTER_NAME', 'POD_NAME', 'POD_IP', 'NODE_NAME', 'X', 'Y']);
    expect(syncer.resources.limits).toEqual({ 'ephemeral-storage': '8Gi', 'memory': '2Gi' });
    expect(syncer.securityContext).toEqual({ allowPrivilegeEscalation: false, runAsUser: 0, runAsGroup: 0 });
  });

  test('scheduling, DNS and metadata', () => {
    const objects = renderValues({
      controlPlane: {
        statefulSet: {
          labels: { team: 'a' },
          annotations: { 'example.com/x': 'y' },
          pods: { labels: { tier: 'cp' }, annotations: { 'example.com/p': 'q' } },
          scheduling: { nodeSelector: { pool: 'cp' }, tolerations: [{ key: 'cp', operator: 'Exists' }], priorityClassName: 'high' },
          dnsPolicy: 'ClusterFirst',
        },
      },
    });
    const sts = workload(objects);
    expect(sts.metadata.labels.team).toBe('a');
    expect(sts.metadata.annotations).toEqual({ 'example.com/x': 'y' });
    expect(sts.spec.selector.matchLabels).toEqual({ app: 'vcluster', release: 'tenant-a' });
    expect(sts.spec.template.metadata.labels).toEqual({ app: 'vcluster', release: 'tenant-a', tier: 'cp' });
    expect(sts.spec.template.metadata.annotations['example.com/p']).toBe('q');
    const spec = sts.spec.template.spec;
    expect(spec.nodeSelector).toEqual({ pool: 'cp' });
    expect(spec.tolerations).toEqual([{ key: 'cp', operator: 'Exists' }]);
    expect(spec.priorityClassName).toBe('high');
    expect(spec.dnsPolicy).toBe('ClusterFirst');
  });

  test('the config hash changes with the values and only then', () => {
    const hash = (values: VClusterValues) => workload(renderValues(values)).spec.template.metadata.annotations.vClusterConfigHash;
    expect(hash({})).toBe(hash({ controlPlane: {} }));
    expect(hash({})).not.toBe(hash({ sync: { toHost: { ingresses: { enabled: true } } } }));
    expect(hash({})).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('services, RBAC and the config Secret', () => {
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

  test('ServiceAccount, Role and RoleBinding vc-NAME; the Role lets the etcd manager read StatefulSets and HA use leases', () => {
    find(objects, 'ServiceAccount', 'vc-tenant-a');
    const rules = find(objects, 'Role', 'vc-tenant-a').rules;
    expect(rules).toContainEqual({ apiGroups: ['apps'], resources: ['statefulsets', 'replicasets', 'deployments'], verbs: ['get', 'list', 'watch'] });
    expect(rules).toContainEqual(expect.objectContaining({ apiGroups: ['coordination.k8s.io'] }));
    expect(find(objects, 'RoleBinding', 'vc-tenant-a').subjects).toEqual([{ kind: 'ServiceAccount', name: 'vc-tenant-a', namespace: 'tenants' }]);
    expect(workload(objects).spec.template.spec.serviceAccountName).toBe('vc-tenant-a');
  });

  test('the workload ServiceAccount vc-workload-NAME, on which the syncer puts every synced pod, as the chart renders it', () => {
    expect(find(objects, 'ServiceAccount', 'vc-workload-tenant-a')).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'vc-workload-tenant-a', namespace: 'tenants', labels: { app: 'vcluster', chart: 'vcluster-0.21.6', release: 'tenant-a', heritage: 'vcluster-constructs' } },
    });
    const custom = renderValues({
      controlPlane: {
        advanced: {
          globalMetadata: { annotations: { 'example.com/g': 'global', 'example.com/w': 'global' } },
          serviceAccount: { imagePullSecrets: [{ name: 'cp-pull' }] },
          workloadServiceAccount: { name: 'tenant-pods', labels: { team: 'a' }, annotations: { 'example.com/w': 'own' }, imagePullSecrets: [{ name: 'pods-pull' }] },
        },
      },
    });
    const account = find(custom, 'ServiceAccount', 'tenant-pods');
    expect(account.metadata.labels.team).toBe('a');
    expect(account.metadata.annotations).toEqual({ 'example.com/g': 'global', 'example.com/w': 'own' });
    expect(account.imagePullSecrets).toEqual([{ name: 'cp-pull' }, { name: 'pods-pull' }]);
    const disabled = renderValues({ controlPlane: { advanced: { workloadServiceAccount: { enabled: false, name: 'existing' } } } });
    expect(disabled.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name)).toEqual(['vc-tenant-a']);
  });

  test('a PodDisruptionBudget only with more than one replica', () => {
    expect(find(objects, 'PodDisruptionBudget', 'tenant-a').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { app: 'vcluster', release: 'tenant-a' } } });
    expect(renderValues({}).some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
  });

  test('the config Secret holds the user\'s values over the chart\'s whole defaults, as the chart writes it', () => {
    const values = configYaml(renderValues({ sync: { toHost: { ingresses: { enabled: true } } }, networking: { advanced: { clusterDomain: 'corp.local' } } }));
    expect(values.sync.toHost.ingresses.enabled).toBe(true);
    expect(values.sync.toHost.pods).toMatchObject({ enabled: true, rewriteHosts: { enabled: true } });
    expect(values.sync.fromHost.nodes.enabled).toBe(false);
    expect(values.controlPlane.proxy).toEqual({ bindAddress: '0.0.0.0', port: 8443, extraSANs: [] });
    expect(values.networking.advanced.clusterDomain).toBe('corp.local');
    expect(values.controlPlane.advanced.workloadServiceAccount).toEqual({ enabled: true, name: '', imagePullSecrets: [], annotations: {}, labels: {} });
    expect(Object.keys(values).sort()).toEqual(Object.keys(CHART_DEFAULTS).sort());
  });

  test('a null in the values drops the chart\'s default, as Helm does', () => {
    expect(configYaml(renderValues({ controlPlane: { proxy: { extraSANs: null } } })).controlPlane.proxy).toEqual({ bindAddress: '0.0.0.0', port: 8443 });
  });
});

describe('the runtime contract: how the syncer reaches the store', () => {
  test('stores served by the runtime appear to the syncer as the chart\'s default backing store with a deployed etcd without its StatefulSet', () => {
    const expected = structuredClone(CHART_DEFAULTS.controlPlane.backingStore) as any;
    expected.etcd.deploy.enabled = true;
    expected.etcd.deploy.statefulSet.enabled = false;
    expected.etcd.deploy.service.enabled = true;
    const withEverything = {
      ...STORES['database.external'],
      controlPlane: {
        ...STORES['database.external'].controlPlane,
        backingStore: { database: { external: { enabled: true, dataSource: 'postgres://u:p@db/x', dataSourceSecret: { name: 'db', key: 'dsn' }, caFile: '/x' } } },
      },
    };
    for (const values of [STORES['database.embedded'], STORES['etcd.embedded'], withEverything]) {
      expect((syncerValues(resolve(values)) as any).controlPlane.backingStore).toEqual(expected);
    }
  });

  test('Service NAME-etcd, which the syncer dials, leads to the store container in the control plane pods, ready or not', () => {
    const service = find(renderValues({}), 'Service', 'tenant-a-etcd');
    expect(service.spec.selector).toEqual({ app: 'vcluster', release: 'tenant-a' });
    expect(service.spec.ports).toEqual([{ name: 'etcd', port: 2379, targetPort: 2379, protocol: 'TCP' }]);
    // The pod gets Ready only after its apiserver reached the store through this Service.
    expect(service.spec.publishNotReadyAddresses).toBe(true);
  });

  test('the SQLite store serves /data/state.db with the syncer\'s etcd certificates', () => {
    const storage = container(renderValues({}), STORAGE_CONTAINER_NAME);
    expect(storage.args).toEqual(expect.arrayContaining(['storage', '--endpoint=sqlite:///data/state.db', '--listen-address=https://0.0.0.0:2379']));
    expect(storage.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(storage.securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('an external database\'s data source comes from a Secret, never inline in the pod', () => {
    const fromUserSecret = container(renderValues(STORES['database.external']), STORAGE_CONTAINER_NAME);
    expect(fromUserSecret.env).toEqual([{ name: 'VCK_STORE_ENDPOINT', valueFrom: { secretKeyRef: { name: 'db', key: 'dsn' } } }]);
    const inline = renderValues({ controlPlane: { backingStore: { database: { external: { enabled: true, dataSource: 'postgres://u:p@db/x' } } } } });
    expect(container(inline, STORAGE_CONTAINER_NAME).env[0].valueFrom.secretKeyRef).toEqual({ name: 'vc-config-tenant-a', key: STORE_ENDPOINT_SECRET_KEY });
    expect(JSON.stringify(workload(inline))).not.toContain('postgres://');
    expect(Buffer.from(find(inline, 'Secret', 'vc-config-tenant-a').data['config.yaml'], 'base64').toString()).not.toContain('postgres://');
    expect(Buffer.from(find(inline, 'Secret', 'vc-config-tenant-a').data[STORE_ENDPOINT_SECRET_KEY], 'base64').toString()).toBe('postgres://u:p@db/x');
  });

  test('the etcd manager leaves the cluster in preStop and knows its StatefulSet and headless Service', () => {
    const manager = container(renderValues(STORES['etcd.embedded']), STORAGE_CONTAINER_NAME);
    expect(manager.lifecycle.preStop.exec.command).toEqual([RUNTIME_ENTRYPOINT, 'etcd', ...ETCD_LEAVE_COMMAND]);
    expect(manager.env).toEqual(expect.arrayContaining([{ name: 'VCK_STATEFULSET', value: 'tenant-a' }, { name: 'VCK_HEADLESS_SERVICE', value: 'tenant-a-headless' }]));
    expect(manager.readinessProbe.httpGet.path).toBe('/readyz');
  });

  test('the preStop hook leaves at least half of the grace period to the stop of etcd', () => {
    for (const pod of [workload(renderValues(STORES['etcd.embedded'])), find(renderValues(STORES['etcd.deploy']), 'StatefulSet', 'tenant-a-etcd')]) {
      expect(LEAVE_BUDGET_MS).toBeLessThanOrEqual((pod.spec.template.spec.terminationGracePeriodSeconds * 1000) / 2);
    }
  });

  test('a control plane moving from the SQLite store to embedded etcd has its state.db migrated by the etcd manager', () => {
    const manager = container(renderValues(STORES['etcd.embedded']), STORAGE_CONTAINER_NAME);
    expect(manager.args).toContain(`--migrate-from-sqlite=${SQLITE_PATH}`);
    // The SQLite store keeps its database at that path on the same volume.
    expect(container(renderValues(STORES['database.embedded']), STORAGE_CONTAINER_NAME).args).toContain(`--endpoint=sqlite://${SQLITE_PATH}`);
    expect(manager.volumeMounts).toEqual(expect.arrayContaining([{ name: 'data', mountPath: DATA_DIR }]));
  });
});

describe('etcd.deploy', () => {
  const values: VClusterValues = {
    controlPlane: {
      backingStore: {
        etcd: {
          deploy: {
            enabled: true,
            statefulSet: {
              highAvailability: { replicas: 3 },
              image: { registry: 'my.registry', repository: 'etcd', tag: '3.5.16-0' },
              extraArgs: ['--quota-backend-bytes=8589934592'],
              env: [{ name: 'GOMAXPROCS', value: '2' }],
              persistence: { volumeClaim: { size: '20Gi', storageClass: 'ssd', retentionPolicy: 'Delete' } },
              scheduling: { priorityClassName: 'critical', nodeSelector: { pool: 'etcd' } },
              labels: { team: 'a' },
              pods: { labels: { tier: 'etcd' } },
            },
            service: { annotations: { 'example.com/a': 'b' } },
            headlessService: { annotations: { 'example.com/h': 'i' } },
          },
        },
      },
    },
  };
  const objects = renderValues(values);
  const etcd = find(objects, 'StatefulSet', 'tenant-a-etcd');

  test('StatefulSet NAME-etcd with every option', () => {
    expect(etcd.spec.replicas).toBe(3);
    expect(etcd.spec.serviceName).toBe('tenant-a-etcd-headless');
    expect(etcd.spec.selector.matchLabels).toEqual({ app: 'vcluster-etcd', release: 'tenant-a' });
    expect(etcd.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete' });
    expect(etcd.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'ssd', resources: { requests: { storage: '20Gi' } } });
    expect(etcd.metadata.labels.team).toBe('a');
    expect(etcd.spec.template.metadata.labels).toEqual({ app: 'vcluster-etcd', release: 'tenant-a', tier: 'etcd' });
    const spec = etcd.spec.template.spec;
    expect(spec.priorityClassName).toBe('critical');
    expect(spec.nodeSelector).toEqual({ pool: 'etcd' });
    expect(spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(2);
    expect(spec.initContainers).toHaveLength(1);
    expect(spec.initContainers[0].image).toBe('my.registry/etcd:3.5.16-0');
    // The etcd image has no shell, and its cp takes exactly a source and a destination.
    expect(spec.initContainers[0].command).toEqual(['cp', '/usr/local/bin/etcd', '/etcd-bin/etcd']);
    expect(spec.initContainers[0].args).toBeUndefined();
    const manager = spec.containers[0];
    expect(manager.args).toEqual(expect.arrayContaining(['etcd', '--etcd-binary=/etcd-bin/etcd', '--etcd-arg=--quota-backend-bytes=8589934592']));
    expect(manager.env).toContainEqual({ name: 'GOMAXPROCS', value: '2' });
    expect(manager.env).toContainEqual({ name: 'VCK_STATEFULSET', value: 'tenant-a-etcd' });
  });

  test('a volume the chart\'s etcd left (its data at the volume root) is adopted, the claim being the same', () => {
    const manager = etcd.spec.template.spec.containers[0];
    // The chart mounts claim "data" at /var/lib/etcd, its --data-dir: the volume's root is DATA_DIR here.
    expect(etcd.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    expect(manager.volumeMounts).toContainEqual({ name: 'data', mountPath: DATA_DIR });
    expect(manager.args).toContain(`--adopt-data-from=${DATA_DIR}`);
    expect(manager.args).not.toContain(`--migrate-from-sqlite=${SQLITE_PATH}`);
  });

  test('Services NAME-etcd and NAME-etcd-headless as the chart renders them', () => {
    const client = find(objects, 'Service', 'tenant-a-etcd');
    expect(client.metadata.annotations).toEqual({ 'example.com/a': 'b' });
    expect(client.spec).toEqual({
      type: 'ClusterIP',
      ports: [{ name: 'etcd', port: 2379, targetPort: 2379, protocol: 'TCP' }, { name: 'peer', port: 2380, targetPort: 2380, protocol: 'TCP' }],
      selector: { app: 'vcluster-etcd', release: 'tenant-a' },
    });
    const headless = find(objects, 'Service', 'tenant-a-etcd-headless');
    expect(headless.metadata.annotations).toEqual({ 'example.com/h': 'i' });
    expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector: { app: 'vcluster-etcd', release: 'tenant-a' } });
  });

  test('the user\'s deploy settings reach the syncer as given; without the client Service it dials the headless one', () => {
    const deploy = configYaml(objects).controlPlane.backingStore.etcd.deploy;
    expect(deploy.statefulSet).toMatchObject({ enabled: true, highAvailability: { replicas: 3 }, extraArgs: ['--quota-backend-bytes=8589934592'] });
    expect(deploy.headlessService).toEqual({ annotations: { 'example.com/h': 'i' } });
    const noClientService = renderValues({ controlPlane: { backingStore: { etcd: { deploy: { enabled: true, service: { enabled: false } } } } } });
    expect(noClientService.filter((o) => o.kind === 'Service').map((o) => o.metadata.name)).toEqual(['tenant-a', 'tenant-a-etcd-headless']);
    expect(configYaml(noClientService).controlPlane.backingStore.etcd.deploy.service.enabled).toBe(false);
  });

  test('a PDB for the etcd members', () => {
    expect(find(objects, 'PodDisruptionBudget', 'tenant-a-etcd').spec.selector.matchLabels).toEqual({ app: 'vcluster-etcd', release: 'tenant-a' });
  });
});

test('release names that cannot name every object are refused', () => {
  expect(() => render(resolve({}), { name: 'Tenant_A', namespace: 'x' })).toThrow(/must be a DNS label of at most 52 characters/);
});
