import type { ResolvedConfig } from '../config';
import { chartValues } from './config-secret';
import { nonEmpty } from './fields';
import { policyMetadata, quotaPolicyRendered, quotedValues, workloadNamespace } from './policies';
import type { KubeObject, Release } from './types';

/**
 * LimitRange `vc-NAME` in the workloads' namespace (`policies.limitRange`), as the chart v0.21.6 renders it: the
 * defaults every synced container gets when it sets none, with the optional bounds.
 */
export function limitRange(config: ResolvedConfig, release: Release): KubeObject | undefined {
  if (!quotaPolicyRendered(config, 'limitRange')) return undefined;
  const lr = chartValues(config).policies.limitRange;
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: policyMetadata(config, release, `vc-${release.name}`, workloadNamespace(config, release), lr),
    spec: {
      limits: [{
        ...nonEmpty('default', quotedValues(lr.default)),
        ...nonEmpty('defaultRequest', quotedValues(lr.defaultRequest)),
        ...nonEmpty('min', quotedValues(lr.min)),
        ...nonEmpty('max', quotedValues(lr.max)),
        type: 'Container',
      }],
    },
  };
}
