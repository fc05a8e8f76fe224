import type { ResolvedConfig } from '../config';
import { chartValues } from './config-secret';
import { names, objectMeta, serviceAccountName } from './metadata';
import { truthy } from './template-truth';
import type { KubeObject, Release } from './types';

/** A ServiceAccount's settings under `controlPlane.advanced` (the chart's defaults under the user's). */
interface ServiceAccountValues {
  readonly enabled: boolean;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly imagePullSecrets: readonly Record<string, unknown>[];
}

function accounts(config: ResolvedConfig): { serviceAccount: ServiceAccountValues; workloadServiceAccount: ServiceAccountValues } {
  return chartValues(config).controlPlane.advanced;
}

/** ServiceAccount `vc-NAME` (or `controlPlane.advanced.serviceAccount.name`) the control plane runs as (chart/templates/serviceaccount.yaml). */
export function serviceAccount(config: ResolvedConfig, release: Release): KubeObject | undefined {
  const sa = accounts(config).serviceAccount;
  return truthy(sa.enabled) ? serviceAccountObject(config, release, serviceAccountName(config, release), sa, sa.imagePullSecrets) : undefined;
}

/**
 * ServiceAccount `vc-workload-NAME` (or `controlPlane.advanced.workloadServiceAccount.name`), as the chart renders it
 * (chart/templates/workload-serviceaccount.yaml at v0.21.6, with the control plane's pull secrets before its own). The
 * syncer puts every pod it syncs to the host on this account (the same name by default: pkg/config/validation.go), so
 * without it every synced pod is refused.
 */
export function workloadServiceAccount(config: ResolvedConfig, release: Release): KubeObject | undefined {
  const { serviceAccount: controlPlaneAccount, workloadServiceAccount: sa } = accounts(config);
  if (!truthy(sa.enabled)) return undefined;
  const pullSecrets = [...controlPlaneAccount.imagePullSecrets ?? [], ...sa.imagePullSecrets ?? []];
  return serviceAccountObject(config, release, sa.name || names(release).workloadServiceAccount, sa, pullSecrets);
}

function serviceAccountObject(
  config: ResolvedConfig, release: Release, name: string, sa: ServiceAccountValues, imagePullSecrets: readonly Record<string, unknown>[],
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMeta(config, release, name, { labels: sa.labels, annotations: sa.annotations }),
    ...(imagePullSecrets.length > 0 ? { imagePullSecrets } : {}),
  };
}
