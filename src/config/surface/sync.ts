import { z } from 'zod';
import {
  bool, closed, enableAutoSwitchWithPatches, enableSwitchWithPatches, resources, str, stringMap, strings, translatePatch,
} from './shapes';

/** `sync`: which resources the syncer copies from the virtual cluster to the host (`toHost`) and back (`fromHost`). */

const patches = z.array(translatePatch);

/** A custom resource synced by its `<plural>.<group>` name; `scope` is Namespaced or Cluster. */
const customResource = closed({ enabled: bool, scope: str, patches });

const syncAll = closed({ enabled: bool, all: bool, patches });

const pods = closed({
  enabled: bool,
  /** Image rewrites, virtual image to host image. */
  translateImage: stringMap,
  enforceTolerations: strings,
  useSecretsForSATokens: bool,
  rewriteHosts: closed({
    enabled: bool,
    initContainer: closed({ image: str, resources }),
  }),
  patches,
});

export const syncToHostSchema = closed({
  pods,
  secrets: syncAll,
  configMaps: syncAll,
  ingresses: enableSwitchWithPatches,
  services: enableSwitchWithPatches,
  endpoints: enableSwitchWithPatches,
  networkPolicies: enableSwitchWithPatches,
  persistentVolumeClaims: enableSwitchWithPatches,
  persistentVolumes: enableSwitchWithPatches,
  volumeSnapshots: enableSwitchWithPatches,
  volumeSnapshotContents: enableSwitchWithPatches,
  storageClasses: enableSwitchWithPatches,
  serviceAccounts: enableSwitchWithPatches,
  podDisruptionBudgets: enableSwitchWithPatches,
  priorityClasses: enableSwitchWithPatches,
  customResources: z.record(customResource),
});

const nodes = closed({
  enabled: bool,
  syncBackChanges: bool,
  clearImageStatus: bool,
  /** Which host nodes are shown: all of them, or those with these labels. */
  selector: closed({ all: bool, labels: stringMap }),
  patches,
});

export const syncFromHostSchema = closed({
  nodes,
  events: enableSwitchWithPatches,
  ingressClasses: enableSwitchWithPatches,
  runtimeClasses: enableSwitchWithPatches,
  priorityClasses: enableSwitchWithPatches,
  storageClasses: enableAutoSwitchWithPatches,
  csiNodes: enableAutoSwitchWithPatches,
  csiDrivers: enableAutoSwitchWithPatches,
  csiStorageCapacities: enableAutoSwitchWithPatches,
  customResources: z.record(customResource),
  volumeSnapshotClasses: enableSwitchWithPatches,
});

export const syncSchema = closed({ toHost: syncToHostSchema, fromHost: syncFromHostSchema });
