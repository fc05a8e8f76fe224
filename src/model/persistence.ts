import type { ResolvedConfig } from '../config';
import { optional } from './fields';

/** Whether the control plane gets a volume claim, by the chart's rule (`auto`: when it keeps state itself). */
export function volumeClaimEnabled(config: ResolvedConfig): boolean {
  const p = config.controlPlane.statefulSet.persistence;
  if (p.volumeClaimTemplates.length > 0) return true;
  if (p.volumeClaim.enabled === 'auto') {
    return p.dataVolume.length === 0 && (config.store === 'database.embedded' || config.store === 'etcd.embedded');
  }
  return p.volumeClaim.enabled;
}

/** Whether the control plane is a StatefulSet (it keeps state: a volume claim, or embedded etcd) or a Deployment. */
export function controlPlaneKind(config: ResolvedConfig): 'StatefulSet' | 'Deployment' {
  return volumeClaimEnabled(config) || config.store === 'etcd.embedded' ? 'StatefulSet' : 'Deployment';
}

interface ClaimSettings {
  readonly volumeClaimTemplates: readonly Record<string, unknown>[];
  readonly volumeClaim: { readonly accessModes: readonly string[]; readonly storageClass: string; readonly size: string };
}

/**
 * A StatefulSet's `volumeClaimTemplates`: the user's own templates, else one claim named `data` when claims are
 * enabled. The control plane and the deployed etcd share this rule.
 */
export function volumeClaimTemplates(persistence: ClaimSettings, enabled: boolean): Record<string, unknown> {
  if (persistence.volumeClaimTemplates.length > 0) return { volumeClaimTemplates: persistence.volumeClaimTemplates };
  if (!enabled) return {};
  const claim = persistence.volumeClaim;
  return {
    volumeClaimTemplates: [{
      metadata: { name: 'data' },
      spec: {
        accessModes: claim.accessModes,
        ...optional('storageClassName', claim.storageClass || undefined),
        resources: { requests: { storage: claim.size } },
      },
    }],
  };
}
