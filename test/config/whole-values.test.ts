import { refused } from './helpers';
import { resolve } from '../../src/config';
import { chartReference } from '../support/chart-reference';


describe('the chart\'s own values', () => {
  test('values.yaml, the chart\'s defaults, parses whole', () => {
    const values = structuredClone(chartReference().values);
    expect(resolve(values).values).toEqual(values);
  });

  test('a section of it parses as given, without defaults added', () => {
    const config = resolve({ policies: chartReference().values.policies });
    expect(config.values.policies).toEqual(chartReference().values.policies);
  });
});

describe('unknown keys are refused with their full path and a guess, at any depth', () => {
  test.each([
    ['top level', { snyc: {} }, 'snyc', 'unknown key: did you mean sync?'],
    ['in sync', { sync: { toHost: { secrets: { enabeld: true } } } }, 'sync.toHost.secrets.enabeld', 'unknown key: did you mean enabled?'],
    ['in a custom resource of sync (a map)', { sync: { toHost: { customResources: { 'foos.example.com': { scopee: 'Cluster' } } } } },
      'sync.toHost.customResources.foos.example.com.scopee', 'unknown key: did you mean scope?'],
    ['in a plugin (a map of plugins)', { plugins: { hooks: { image: 'x', imagePulPolicy: 'Always' } } }, 'plugins.hooks.imagePulPolicy', 'unknown key: did you mean imagePullPolicy?'],
    ['in a plugin\'s RBAC rule (a list element)', { plugins: { hooks: { rbac: { role: { extraRules: [{ verbs: ['get'] }, { resource: ['pods'] }] } } } } },
      'plugins.hooks.rbac.role.extraRules[1].resource', 'unknown key: did you mean resources?'],
    ['in a DNS rewrite (a list element)', { networking: { resolveDNS: [{ hostname: 'a', target: { hostnme: 'b' } }] } },
      'networking.resolveDNS[0].target.hostnme', 'unknown key: did you mean hostname?'],
    ['in controlPlane beside the defaulted keys', { controlPlane: { corends: {} } }, 'controlPlane.corends', 'unknown key: did you mean coredns?'],
    ['deep in controlPlane.advanced', { controlPlane: { advanced: { serviceAccount: { imagePullSecrets: [{ nam: 'x' }] } } } },
      'controlPlane.advanced.serviceAccount.imagePullSecrets[0].nam', 'unknown key: did you mean name?'],
    ['in policies', { policies: { networkPolicy: { outgoingConnections: { ipBlock: { cidr: '0.0.0.0/0', excepts: [] } } } } },
      'policies.networkPolicy.outgoingConnections.ipBlock.excepts', 'unknown key: did you mean except?'],
  ])('%s', (_where, values, path, message) => {
    expect(refused(values)).toEqual([{ path, message }]);
  });

  test('without a close key, the known keys are listed', () => {
    expect(refused({ telemetry: { something: true } })).toEqual([{
      path: 'telemetry.something',
      message: 'unknown key: known keys: enabled, instanceCreator, machineID, platformUserID, platformInstanceID',
    }]);
  });

  test('wrong types are refused with their path', () => {
    expect(refused({ controlPlane: { proxy: { port: '8443' } }, policies: { resourceQuota: { enabled: 1 } } })).toEqual([
      { path: 'controlPlane.proxy.port', message: 'expected number, got string' },
      { path: 'policies.resourceQuota.enabled', message: 'must be true, false or a string such as "auto"' },
    ]);
  });

  test('open maps stay open where the chart leaves them open', () => {
    const values = {
      global: { anything: { at: ['all'] } },
      external: { platform: { apiKey: { secretName: 'key' }, project: 'p' }, someTool: { setting: 1 } },
      controlPlane: { service: { spec: { type: 'LoadBalancer', anyField: true } }, ingress: { spec: { tls: [{ hosts: ['a'] }] } } },
      policies: { resourceQuota: { quota: { 'requests.nvidia.com/gpu': 2 } } },
    };
    expect(resolve(values).values).toEqual(values);
  });

  test('external.platform.apiKey is closed even though external is open', () => {
    expect(refused({ external: { platform: { apiKey: { secretNme: 'x' } } } }))
      .toEqual([{ path: 'external.platform.apiKey.secretNme', message: 'unknown key: did you mean secretName?' }]);
  });

  test('a null drops the chart\'s default, as with Helm, in every section', () => {
    const values = { controlPlane: { proxy: { extraSANs: null } }, sync: { toHost: { pods: { translateImage: null } } } };
    expect(resolve(values).values).toEqual(values);
  });

  test('the volume mounts and DNS settings of the control plane are closed as the chart closes them', () => {
    expect(refused({
      controlPlane: {
        statefulSet: { persistence: { addVolumeMounts: [{ name: 'x', mountPath: '/x', readonly: true }] }, dnsConfig: { nameserver: ['1.1.1.1'] } },
        backingStore: { etcd: { deploy: { statefulSet: { persistence: { volumeClaim: { enabled: 'auto' } } } } } },
      },
    })).toEqual([
      { path: 'controlPlane.backingStore.etcd.deploy.statefulSet.persistence.volumeClaim.enabled', message: 'expected boolean, got string' },
      { path: 'controlPlane.statefulSet.persistence.addVolumeMounts[0].readonly', message: 'unknown key: did you mean readOnly?' },
      { path: 'controlPlane.statefulSet.dnsConfig.nameserver', message: 'unknown key: did you mean nameservers?' },
    ]);
  });

  test('resource claims are refused: the syncer reads only limits and requests', () => {
    expect(refused({ controlPlane: { statefulSet: { resources: { claims: [{ name: 'gpu' }] } } } }))
      .toEqual([{ path: 'controlPlane.statefulSet.resources.claims', message: 'unknown key: known keys: limits, requests' }]);
  });
});
