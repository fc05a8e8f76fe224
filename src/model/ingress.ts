import type { ResolvedConfig } from '../config';
import { chartValues } from './config-secret';
import { objectMeta } from './metadata';
import type { KubeObject, Release } from './types';

/**
 * Ingress `NAME` (`controlPlane.ingress`), as the chart v0.21.6 renders it: the user's spec, and when it has no rules,
 * one rule sending `host` to the control plane Service's https port (TLS passes through: the default annotations say
 * so to ingress-nginx).
 */
export function ingress(config: ResolvedConfig, release: Release): KubeObject | undefined {
  const ing = chartValues(config).controlPlane.ingress;
  if (!ing.enabled) return undefined;
  const spec: Record<string, any> = ing.spec ?? {};
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    // Own annotations win a shared key over the global ones, as in the chart (`merge dict own global`).
    metadata: objectMeta(config, release, release.name, { labels: ing.labels, annotations: ing.annotations }),
    spec: {
      ...spec,
      ...(spec.rules?.length ? {} : {
        rules: [{
          host: String(ing.host),
          http: {
            paths: [{ backend: { service: { name: release.name, port: { name: 'https' } } }, path: '/', pathType: ing.pathType }],
          },
        }],
      }),
    },
  };
}
