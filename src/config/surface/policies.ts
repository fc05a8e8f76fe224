import { z } from 'zod';
import { anyList, bool, boolOrString, closed, int, kubeObject, metadata, str, strings } from './shapes';

/** `policies`: the NetworkPolicy, ResourceQuota, LimitRange and admission webhooks around the virtual cluster. */

const networkPolicy = closed({
  enabled: bool,
  fallbackDns: str,
  outgoingConnections: closed({
    ipBlock: closed({ cidr: str, except: strings }),
    /** Allow traffic to a connected vCluster Platform. */
    platform: bool,
  }),
  ...metadata,
});

const resourceQuota = closed({
  enabled: boolOrString,
  quota: kubeObject,
  scopeSelector: kubeObject,
  scopes: strings,
  ...metadata,
});

const limitRange = closed({
  enabled: boolOrString,
  default: kubeObject,
  defaultRequest: kubeObject,
  max: kubeObject,
  min: kubeObject,
  ...metadata,
});

const webhookClientConfig = closed({
  url: str,
  service: closed({ namespace: str, name: str, path: str, port: int }),
  caBundle: str,
});

/** The keys of admissionregistration.k8s.io/v1 webhooks that the syncer reads; rules and selectors are carried as is. */
const webhookFields = {
  name: str,
  clientConfig: webhookClientConfig,
  rules: anyList,
  failurePolicy: str,
  matchPolicy: str,
  namespaceSelector: z.unknown(),
  objectSelector: z.unknown(),
  sideEffects: str,
  timeoutSeconds: int,
  admissionReviewVersions: strings,
  matchConditions: anyList,
};

const webhookConfiguration = <T extends z.ZodTypeAny>(webhook: T) => closed({
  kind: str,
  apiVersion: str,
  metadata: closed({ name: str, ...metadata }),
  webhooks: z.array(webhook),
});

const centralAdmission = closed({
  validatingWebhooks: z.array(webhookConfiguration(closed(webhookFields))),
  mutatingWebhooks: z.array(webhookConfiguration(closed({ ...webhookFields, reinvocationPolicy: str }))),
});

export const policiesSchema = closed({
  networkPolicy,
  /** A Pod Security Standard (privileged, baseline, restricted) the virtual cluster's namespaces enforce. */
  podSecurityStandard: str,
  resourceQuota,
  limitRange,
  centralAdmission,
});
