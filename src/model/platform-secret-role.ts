import type { ResolvedConfig } from '../config';
import { chartValues } from './config-secret';
import { names, objectMeta, serviceAccountName } from './metadata';
import { binding, rule, RBAC_API_VERSION } from './rbac-rules';
import type { KubeObject, Release } from './types';

/** The Secret the syncer reads the platform API key from when `external.platform.apiKey.secretName` is empty. */
const DEFAULT_PLATFORM_SECRET = 'vcluster-platform-api-key';

interface PlatformApiKey {
  readonly secretName?: string;
  readonly namespace?: string;
  readonly createRBAC?: boolean;
}

/**
 * Role and RoleBinding that let the syncer read the platform's API key Secret when it lives in another namespace
 * (chart/templates/platform-rbac.yaml at v0.21.6), unless `external.platform.apiKey.createRBAC` is false. In the
 * release namespace the Role `vc-NAME` already grants it.
 */
export function platformSecretRole(config: ResolvedConfig, release: Release): KubeObject[] {
  const apiKey: PlatformApiKey = chartValues(config).external?.platform?.apiKey ?? {};
  const namespace = apiKey.namespace || release.namespace;
  if (apiKey.createRBAC === false || namespace === release.namespace) return [];
  const n = names(release);
  return [
    {
      apiVersion: RBAC_API_VERSION,
      kind: 'Role',
      metadata: objectMeta(config, release, n.platformRole, { namespace }),
      rules: [{ ...rule([''], ['secrets'], ['get']), resourceNames: [apiKey.secretName || DEFAULT_PLATFORM_SECRET] }],
    },
    binding(
      'RoleBinding',
      objectMeta(config, release, n.platformRoleBinding, { namespace }),
      // The ServiceAccount is in the release namespace (the chart's v0.21.6 names the Secret's namespace here, a
      // subject that does not exist; fixed in the chart later).
      { name: serviceAccountName(config, release), namespace: release.namespace },
      { kind: 'Role', name: n.platformRole },
    ),
  ];
}
