import { z } from 'zod';
import { anyList, bool, closed, labels, str, stringMap, strings } from './shapes';

/** `experimental`: generic sync, multi-namespace mode, an isolated control plane and objects deployed at start. */

const helmRelease = closed({
  chart: closed({
    name: str,
    repo: str,
    insecure: bool,
    version: str,
    username: str,
    password: str,
  }),
  release: closed({ name: str, namespace: str }),
  values: str,
  timeout: str,
  bundle: str,
});

const deploy = closed({
  host: closed({ manifests: str, manifestsTemplate: str }),
  vcluster: closed({ manifests: str, manifestsTemplate: str, helm: z.array(helmRelease) }),
});

const syncSettings = closed({
  disableSync: bool,
  rewriteKubernetesService: bool,
  targetNamespace: str,
  setOwner: bool,
  hostMetricsBindAddress: str,
  virtualMetricsBindAddress: str,
});

/** A JSON patch of the generic syncer, applied when its conditions hold. */
const patch = closed({
  op: str,
  fromPath: str,
  path: str,
  namePath: str,
  namespacePath: str,
  value: z.unknown(),
  regex: str,
  conditions: z.array(closed({
    path: str,
    subPath: str,
    equal: z.unknown(),
    notEqual: z.unknown(),
    empty: bool,
  })),
  ignore: bool,
  sync: closed({ secret: bool, configmap: bool }),
});

const importFields = {
  apiVersion: str,
  kind: str,
  optional: bool,
  replaceOnConflict: bool,
  patches: z.array(patch),
  reversePatches: z.array(patch),
};

const hook = closed({ apiVersion: str, kind: str, verbs: strings, patches: z.array(patch) });

const genericSync = closed({
  version: str,
  export: z.array(closed({ ...importFields, selector: closed({ labelSelector: stringMap }) })),
  import: z.array(closed(importFields)),
  hooks: closed({ hostToVirtual: z.array(hook), virtualToHost: z.array(hook) }),
  clusterRole: closed({ extraRules: anyList }),
  role: closed({ extraRules: anyList }),
});

const denyRule = closed({
  name: str,
  namespaces: strings,
  rules: z.array(closed({
    apiGroups: strings,
    apiVersions: strings,
    resources: strings,
    scope: str,
    operations: strings,
  })),
  excludedUsers: strings,
});

export const experimentalSchema = closed({
  deploy,
  syncSettings,
  genericSync,
  multiNamespaceMode: closed({ enabled: bool, namespaceLabels: labels }),
  isolatedControlPlane: closed({
    enabled: bool,
    headless: bool,
    kubeConfig: str,
    namespace: str,
    service: str,
  }),
  virtualClusterKubeConfig: closed({
    kubeConfig: str,
    serverCAKey: str,
    serverCACert: str,
    clientCACert: str,
    requestHeaderCACert: str,
  }),
  denyProxyRequests: z.array(denyRule),
});
