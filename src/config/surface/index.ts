import { z } from 'zod';
import { controlPlaneSchema, runtimeSchema } from '../schema';
import { experimentalSchema } from './experimental';
import { integrationsSchema } from './integrations';
import { networkingSchema } from './networking';
import { exportKubeConfigSchema, externalSchema, telemetrySchema } from './platform';
import { pluginSchema, pluginsSchema } from './plugins';
import { policiesSchema } from './policies';
import { rbacSchema } from './rbac';
import { closed } from './shapes';
import { syncSchema } from './sync';

/**
 * The whole of vcluster.yaml v0.21.6 (config/config.go's Config), with this library's own `runtime` key: unknown keys
 * are refused at every level, as the chart's values.schema.json and the syncer's strict parser refuse them.
 * `controlPlane` and `runtime` are defaulted (the model renders from them); every other section is checked for shape
 * and kept as given, the chart's defaults being merged under it once, for the config Secret (src/model/config-secret.ts).
 */
const SECTIONS = {
  /** Values shared with subcharts: free-form, as Helm passes them. */
  global: z.unknown(),
  exportKubeConfig: exportKubeConfigSchema,
  sync: syncSchema,
  integrations: integrationsSchema,
  networking: networkingSchema,
  policies: policiesSchema,
  rbac: rbacSchema,
  plugins: pluginsSchema,
  experimental: experimentalSchema,
  external: externalSchema,
  telemetry: telemetrySchema,
  serviceCIDR: z.string(),
  pro: z.boolean(),
  plugin: pluginSchema,
};

export const valuesSchema = z.object({
  controlPlane: controlPlaneSchema,
  runtime: runtimeSchema,
  ...closed(SECTIONS).shape,
}).strict();

export { syncSchema, networkingSchema, policiesSchema, rbacSchema, pluginsSchema, pluginSchema, integrationsSchema, experimentalSchema };
export { exportKubeConfigSchema, externalSchema, telemetrySchema };
export { controlPlaneSectionsSchema } from './control-plane';
