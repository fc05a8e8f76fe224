import type { z } from 'zod';
import type {
  advancedSchema, corednsSchema, controlPlaneSectionsSchema, hostPathMapperSchema, ingressSchema, proxySchema,
  serviceMonitorSchema, serviceSchema,
} from './control-plane';
import type { experimentalSchema } from './experimental';
import type { integrationsSchema } from './integrations';
import type { networkingSchema } from './networking';
import type { exportKubeConfigSchema, externalSchema, telemetrySchema } from './platform';
import type { pluginSchema, pluginsSchema } from './plugins';
import type { policiesSchema } from './policies';
import type { rbacSchema } from './rbac';
import type { syncSchema } from './sync';

/**
 * The types of the vcluster.yaml sections checked for shape only, inferred from their schemas (every key optional;
 * the chart's defaults are in CHART_DEFAULTS).
 */

/** `sync`: what the syncer copies between the virtual cluster and the host. */
export type SyncValues = z.input<typeof syncSchema>;
/** `networking`: replicated Services, DNS rewrites, the cluster domain. */
export type NetworkingValues = z.input<typeof networkingSchema>;
/** `policies`: NetworkPolicy, ResourceQuota, LimitRange, Pod Security Standard, admission webhooks. */
export type PoliciesValues = z.input<typeof policiesSchema>;
/** `rbac`: the control plane's Role and ClusterRole. */
export type RbacValues = z.input<typeof rbacSchema>;
/** `plugins`: plugins of the v2 format, by name. */
export type PluginsValues = z.input<typeof pluginsSchema>;
/** `plugin`: plugins of the v1 format, by name. */
export type PluginValues = z.input<typeof pluginSchema>;
/** `integrations`: metrics-server, KubeVirt, External Secrets Operator. */
export type IntegrationsValues = z.input<typeof integrationsSchema>;
/** `experimental`: generic sync, multi-namespace mode, isolated control plane, deploy at start. */
export type ExperimentalValues = z.input<typeof experimentalSchema>;
/** `exportKubeConfig`: the kubeconfig Secret the syncer writes. */
export type ExportKubeConfigValues = z.input<typeof exportKubeConfigSchema>;
/** `external`: settings of tools outside the syncer (the vCluster Platform). */
export type ExternalValues = z.input<typeof externalSchema>;
/** `telemetry`. */
export type TelemetryValues = z.input<typeof telemetrySchema>;

/** `controlPlane.coredns`. */
export type CorednsValues = z.input<typeof corednsSchema>;
/** `controlPlane.proxy`: the API server proxy's address, port and extra certificate names. */
export type ProxyValues = z.input<typeof proxySchema>;
/** `controlPlane.hostPathMapper`. */
export type HostPathMapperValues = z.input<typeof hostPathMapperSchema>;
/** `controlPlane.ingress`. */
export type ControlPlaneIngressValues = z.input<typeof ingressSchema>;
/** `controlPlane.service`. */
export type ControlPlaneServiceValues = z.input<typeof serviceSchema>;
/** `controlPlane.serviceMonitor`. */
export type ServiceMonitorValues = z.input<typeof serviceMonitorSchema>;
/** `controlPlane.advanced`. */
export type ControlPlaneAdvancedValues = z.input<typeof advancedSchema>;
/** The `controlPlane` keys besides distro, backingStore and statefulSet. */
export type ControlPlaneSectionsValues = z.input<typeof controlPlaneSectionsSchema>;
