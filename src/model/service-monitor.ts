import type { ResolvedConfig } from '../config';
import { chartValues } from './config-secret';
import { names, objectMeta, objectLabels } from './metadata';
import type { KubeObject, Release } from './types';

/**
 * ServiceMonitor `vc-NAME` (`controlPlane.serviceMonitor`, for the Prometheus operator), as the chart v0.21.6 renders
 * it: it scrapes the control plane Service's /metrics over https with the client certificate of the kubeconfig
 * Secret `vc-NAME` the syncer writes.
 */
export function serviceMonitor(config: ResolvedConfig, release: Release): KubeObject | undefined {
  const sm = chartValues(config).controlPlane.serviceMonitor;
  if (!sm.enabled) return undefined;
  const kubeconfigSecret = names(release).kubeconfigSecret;
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    // Own annotations win a shared key over the global ones, as in the chart (`merge dict own global`).
    metadata: objectMeta(config, release, `vc-${release.name}`, { labels: sm.labels, annotations: sm.annotations }),
    spec: {
      // The labels every rendered object carries, the control plane Service among them.
      selector: { matchLabels: objectLabels(release) },
      endpoints: [{
        interval: '30s',
        port: 'https',
        path: '/metrics',
        scheme: 'https',
        tlsConfig: {
          ca: { secret: { name: kubeconfigSecret, key: 'certificate-authority' } },
          cert: { secret: { name: kubeconfigSecret, key: 'client-certificate' } },
          keySecret: { name: kubeconfigSecret, key: 'client-key' },
        },
      }],
    },
  };
}
