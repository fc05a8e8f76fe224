import { bool, closed, enableSwitch, int, str, stringMap } from './shapes';

/** `integrations`: metrics-server, KubeVirt and External Secrets Operator running on the host. */

/** The host Service an APIService of the virtual cluster proxies to. */
const apiService = closed({ service: closed({ name: str, namespace: str, port: int }) });

const metricsServer = closed({ enabled: bool, apiService, nodes: bool, pods: bool });

const kubeVirt = closed({
  enabled: bool,
  apiService,
  webhook: enableSwitch,
  sync: closed({
    dataVolumes: enableSwitch,
    virtualMachineInstanceMigrations: enableSwitch,
    virtualMachineInstances: enableSwitch,
    virtualMachines: enableSwitch,
    virtualMachineClones: enableSwitch,
    virtualMachinePools: enableSwitch,
  }),
});

const externalSecrets = closed({
  enabled: bool,
  webhook: enableSwitch,
  sync: closed({
    externalSecrets: enableSwitch,
    stores: enableSwitch,
    clusterStores: closed({ enabled: bool, selector: closed({ labels: stringMap }) }),
  }),
});

export const integrationsSchema = closed({ metricsServer, kubeVirt, externalSecrets });
