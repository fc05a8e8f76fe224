import { z } from 'zod';
import { bool, closed, str } from './shapes';

/** The kubeconfig Secret, telemetry and the vCluster Platform connection (`external`). */

export const exportKubeConfigSchema = closed({
  context: str,
  server: str,
  insecure: bool,
  serviceAccount: closed({ name: str, namespace: str, clusterRole: str }),
  secret: closed({ name: str, namespace: str }),
});

export const telemetrySchema = closed({
  enabled: bool,
  instanceCreator: str,
  machineID: str,
  platformUserID: str,
  platformInstanceID: str,
});

/**
 * `external`: settings of tools outside the syncer, a map of tool name to settings (config/config.go's ExternalConfig
 * map). The chart's schema leaves both levels open (the vCluster Platform reads keys of its own under `platform`); only
 * the Platform's API key reference is typed.
 */
export const externalSchema = z.object({
  platform: z.object({
    apiKey: closed({ secretName: str, namespace: str, createRBAC: bool }),
  }).partial().passthrough(),
}).partial().catchall(z.record(z.unknown()));
