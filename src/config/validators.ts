import { z } from 'zod';

/**
 * Field validators shared by every part of the surface: Kubernetes quantities, image references, label keys and
 * values. Each error message says what a valid value looks like, because it is shown to the user as the fix.
 */

// The Kubernetes resource.Quantity grammar: a signed decimal with an optional binary, decimal or exponent suffix.
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;
// A registry host with an optional port (`my-registry.com:5000`, `ghcr.io`); empty means Docker Hub.
const REGISTRY = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*(:\d+)?$/;
// Repository path components as the OCI distribution spec defines them.
const REPOSITORY = /^[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(\/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

// A Kubernetes release tag: v, major.minor.patch, an optional pre-release or build suffix.
const KUBERNETES_VERSION = /^v\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/;

/** True when `version` is a Kubernetes release tag such as v1.30.2 (with the leading v). */
export function isKubernetesVersion(version: string): boolean {
  return KUBERNETES_VERSION.test(version);
}

/** What a valid Kubernetes version looks like, as the fix in an error message. */
export const KUBERNETES_VERSION_FORMAT = 'a Kubernetes version tag such as v1.30.2 (with the leading v)';

export const quantity = z.string().refine((v) => QUANTITY.test(v), {
  message: 'must be a Kubernetes quantity such as 5Gi, 500Mi, 200m or 1',
});

export const imagePullPolicy = z.enum(['', 'Always', 'IfNotPresent', 'Never'], {
  errorMap: () => ({ message: 'must be one of Always, IfNotPresent, Never (or empty for the cluster default)' }),
});

export const image = (defaults: { registry: string; repository: string; tag: string }) => z.object({
  registry: z.string().refine((v) => v === '' || REGISTRY.test(v), {
    message: 'must be a registry host such as registry.k8s.io or my-registry.com:5000 (or empty for Docker Hub)',
  }).default(defaults.registry),
  repository: z.string().refine((v) => REPOSITORY.test(v), {
    message: 'must be a lowercase repository path such as loft-sh/vcluster-pro',
  }).default(defaults.repository),
  tag: z.string().refine((v) => v === '' || TAG.test(v), {
    message: 'must be an image tag: letters, digits, _, . and - (at most 128, not starting with . or -)',
  }).default(defaults.tag),
}).strict().default({});

/** True when `key` is a valid label or annotation key (an optional DNS-subdomain prefix and a name). */
export function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return false;
  return name.length > 0 && name.length <= 63 && LABEL_NAME.test(name);
}

const KEY_FIX = 'use an optional DNS prefix and a name of at most 63 letters, digits, -, _ or . (e.g. example.com/team)';

/** A map of labels: valid keys and values. */
export const labelMap = z.record(z.string()).superRefine((map, ctx) => {
  for (const [key, value] of Object.entries(map)) {
    if (!isQualifiedName(key)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `invalid label key: ${KEY_FIX}` });
    }
    if (value.length > 63 || (value !== '' && !LABEL_NAME.test(value))) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [key],
        message: 'invalid label value: at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit',
      });
    }
  }
});
export const labels = labelMap.default({});

/** A map of annotations: valid keys, any string values. */
export const annotationMap = z.record(z.string()).superRefine((map, ctx) => {
  for (const key of Object.keys(map)) {
    if (!isQualifiedName(key)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `invalid annotation key: ${KEY_FIX}` });
    }
  }
});
export const annotations = annotationMap.default({});

/** Resources (`limits`/`requests`) whose every value is a quantity. */
export const resources = (defaults: Record<string, Record<string, string>>) => z.object({
  limits: z.record(quantity).optional(),
  requests: z.record(quantity).optional(),
}).strict().default(defaults);

/** A Kubernetes object carried as is (affinity, security contexts, DNS config...): validated by the API server. */
export const object = z.record(z.unknown()).default({});
/** A list of Kubernetes objects carried as is (tolerations, env, volumes...). */
export const objectList = z.array(z.record(z.unknown())).default([]);
export const stringList = z.array(z.string()).default([]);

/** A container's volume mount, closed to the keys of a Kubernetes VolumeMount that the chart's schema names. */
export const volumeMount = z.object({
  name: z.string({ required_error: 'needs the name of the volume to mount' }),
  mountPath: z.string({ required_error: 'needs the path to mount the volume at' }),
  readOnly: z.boolean().optional(),
  subPath: z.string().optional(),
  mountPropagation: z.string().optional(),
  subPathExpr: z.string().optional(),
}).strict();

export const positiveInt = z.number({ invalid_type_error: 'must be a whole number' }).int('must be a whole number').positive('must be at least 1');

export const podManagementPolicy = z.enum(['Parallel', 'OrderedReady'], {
  errorMap: () => ({ message: 'must be Parallel or OrderedReady' }),
}).default('Parallel');

export const retentionPolicy = z.enum(['Retain', 'Delete'], {
  errorMap: () => ({ message: 'must be Retain (keep the volume claims when the virtual cluster is deleted) or Delete' }),
}).default('Retain');

export const accessModes = z.array(z.enum(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'], {
  errorMap: () => ({ message: 'must be ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod' }),
})).min(1, 'needs at least one access mode, e.g. [ReadWriteOnce]').default(['ReadWriteOnce']);
