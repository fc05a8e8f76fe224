import { z } from 'zod';
import { anyList, bool, closed, kubeObject, policyRule, str, strings } from './shapes';

/** `plugins` and the older `plugin`: sidecar containers of the control plane, keyed by name. */

const extraRules = closed({ extraRules: z.array(policyRule) });

const pluginFields = {
  name: str,
  /** One image reference, e.g. `ghcr.io/loft-sh/vcluster-example-plugin:0.0.1`. */
  image: str,
  imagePullPolicy: str,
  config: kubeObject,
  rbac: closed({ role: extraRules, clusterRole: extraRules }),
  command: strings,
  args: strings,
  securityContext: kubeObject,
  resources: kubeObject,
  volumeMounts: anyList,
};

/** `plugins.NAME`: a plugin of the v2 format. */
export const pluginsSchema = z.record(closed(pluginFields));

/** `plugin.NAME`: a plugin of the v1 format, a whole container spec. */
export const pluginSchema = z.record(closed({
  ...pluginFields,
  version: str,
  env: anyList,
  envFrom: anyList,
  lifecycle: kubeObject,
  livenessProbe: kubeObject,
  readinessProbe: kubeObject,
  startupProbe: kubeObject,
  workingDir: str,
  optional: bool,
}));
