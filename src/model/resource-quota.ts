import type { ResolvedConfig } from '../config';
import { chartValues } from './config-secret';
import { nonEmpty } from './fields';
import { policyMetadata, quotaPolicyRendered, quotedValues, workloadNamespace } from './policies';
import type { KubeObject, Release } from './types';

/**
 * ResourceQuota `vc-NAME` in the workloads' namespace (`policies.resourceQuota`), as the chart v0.21.6 renders it:
 * the quota with its scopes, the quantities written as strings.
 */
export function resourceQuota(config: ResolvedConfig, release: Release): KubeObject | undefined {
  if (!quotaPolicyRendered(config, 'resourceQuota')) return undefined;
  const rq = chartValues(config).policies.resourceQuota;
  const matchExpressions = rq.scopeSelector?.matchExpressions ?? [];
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: policyMetadata(config, release, `vc-${release.name}`, workloadNamespace(config, release), rq),
    spec: {
      ...nonEmpty('hard', quotedValues(rq.quota)),
      ...(matchExpressions.length > 0 ? { scopeSelector: { matchExpressions } } : {}),
      ...nonEmpty('scopes', rq.scopes),
    },
  };
}
