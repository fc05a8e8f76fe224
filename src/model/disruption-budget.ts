import type { ResolvedConfig } from '../config';
import { names, objectMeta, selectorLabels } from './metadata';
import type { KubeObject, Release } from './types';

/**
 * PodDisruptionBudgets that keep a quorum through voluntary disruptions (node drains): at most one replica of the
 * control plane, and of the deployed etcd, is evicted at a time. Only with more than one replica, since a budget on
 * a single replica would block every drain.
 */
export function disruptionBudgets(config: ResolvedConfig, release: Release): KubeObject[] {
  const budgets: KubeObject[] = [];
  const make = (name: string, app: 'vcluster' | 'vcluster-etcd'): KubeObject => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta(config, release, name, { app }),
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(release, app) } },
  });
  if (config.controlPlane.statefulSet.highAvailability.replicas > 1) budgets.push(make(names(release).controlPlane, 'vcluster'));
  if (config.store === 'etcd.deploy' && config.controlPlane.backingStore.etcd.deploy.statefulSet.highAvailability.replicas > 1) {
    budgets.push(make(names(release).etcd, 'vcluster-etcd'));
  }
  return budgets;
}
