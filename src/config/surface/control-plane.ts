import { z } from 'zod';
import {
  annotations, bool, closed, enableSwitch, int, kubeObject, kubeObjects, anyList, labelsAndAnnotations, metadata, port,
  resources, str, stringMap, strings,
} from './shapes';

/**
 * The `controlPlane` keys beside the defaulted distro, backing store and StatefulSet (schema.ts): CoreDNS, the API
 * proxy, the Service and Ingress in front of it, monitoring and the advanced settings.
 */

export const corednsSchema = closed({
  enabled: bool,
  /** CoreDNS inside the control plane pod instead of a Deployment in the virtual cluster. */
  embedded: bool,
  service: closed({ spec: kubeObject, ...metadata }),
  deployment: closed({
    /** One image reference (`coredns/coredns:1.11.3`), not the registry/repository/tag map of the other images. */
    image: str,
    replicas: int.min(0, 'must be 0 or more'),
    nodeSelector: stringMap,
    affinity: kubeObject,
    tolerations: kubeObjects,
    resources,
    pods: labelsAndAnnotations,
    ...metadata,
    topologySpreadConstraints: anyList,
  }),
  overwriteConfig: str,
  overwriteManifests: str,
  priorityClassName: str,
});

export const proxySchema = closed({ bindAddress: str, port, extraSANs: strings });

export const hostPathMapperSchema = closed({ enabled: bool, central: bool });

export const ingressSchema = closed({
  enabled: bool,
  host: str,
  pathType: str,
  spec: kubeObject,
  ...metadata,
});

export const serviceSchema = closed({
  enabled: bool,
  spec: kubeObject,
  kubeletNodePort: port,
  httpsNodePort: port,
  ...metadata,
});

export const serviceMonitorSchema = closed({ enabled: bool, ...metadata });

const serviceAccount = closed({
  enabled: bool,
  name: str,
  imagePullSecrets: z.array(closed({ name: str })),
  ...metadata,
});

export const advancedSchema = closed({
  /** Replaces the registry of every image the virtual cluster runs. */
  defaultImageRegistry: str,
  virtualScheduler: enableSwitch,
  serviceAccount,
  workloadServiceAccount: serviceAccount,
  headlessService: labelsAndAnnotations,
  globalMetadata: closed({ annotations }),
});

/** The `controlPlane` keys of this file, each optional and undefaulted. */
export const CONTROL_PLANE_SECTIONS = {
  coredns: corednsSchema,
  proxy: proxySchema,
  hostPathMapper: hostPathMapperSchema,
  ingress: ingressSchema,
  service: serviceSchema,
  serviceMonitor: serviceMonitorSchema,
  advanced: advancedSchema,
};

export const controlPlaneSectionsSchema = closed(CONTROL_PLANE_SECTIONS);
