import { z } from 'zod';
import * as v from '../validators';

/**
 * The building blocks of the vcluster.yaml sections outside the defaulted surface. Shape only: every key optional and
 * without a default, because the chart's defaults live once, in chart-defaults.ts, and the syncer's config Secret is
 * those defaults with the user's values merged over them. Every object is closed (unknown keys are refused) unless the
 * chart's own schema leaves it open, as for Kubernetes objects carried as they are.
 */

type Nullish<T extends z.ZodRawShape> = { [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>> };

/**
 * A closed object whose every key is optional. A key may be null: as with Helm, a null drops the chart's default for
 * that key from the values the syncer reads (`withDefaults`).
 */
export const closed = <T extends z.ZodRawShape>(shape: T) => z.object(
  Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.nullish()])) as Nullish<T>,
).strict();

export const bool = z.boolean();
export const str = z.string();
export const int = z.number({ invalid_type_error: 'must be a whole number' }).int('must be a whole number');
export const port = int.min(0, 'must be a port number (0 to 65535)').max(65535, 'must be a port number (0 to 65535)');
export const strings = z.array(z.string());

/** `enabled` where the chart also takes a string: `auto` (decided from the other values), `"true"` or `"false"`. */
export const boolOrString = z.union([z.boolean(), z.string()], {
  errorMap: () => ({ message: 'must be true, false or a string such as "auto"' }),
});

/** A map of strings whose keys are free (selectors, image rewrites). */
export const stringMap = z.record(z.string());
/** A Kubernetes object, or a part of one, carried as is (a Service spec, affinity...): the API server validates it. */
export const kubeObject = z.record(z.unknown());
export const kubeObjects = z.array(kubeObject);
/** A list whose elements the chart's schema leaves untyped (topology spread constraints, webhook rules...). */
export const anyList = z.array(z.unknown());

export const labels = v.labelMap;
export const annotations = v.annotationMap;
export const metadata = { annotations, labels };
export const labelsAndAnnotations = closed(metadata);

export const enableSwitch = closed({ enabled: bool });

/** A resource amount: a quantity such as 500Mi, or a plain number as YAML reads `cpu: 1`. */
const amount = z.union([v.quantity, z.number().nonnegative()], {
  errorMap: () => ({ message: 'must be a Kubernetes quantity such as 5Gi, 500Mi, 200m or 1' }),
});

/** Requests and limits, each a map of amounts. */
export const resources = closed({ limits: z.record(amount), requests: z.record(amount) });

/** A `registry`/`repository`/`tag` image as the chart writes images. */
export const image = closed({ registry: str, repository: str, tag: str });

export const imagePullPolicy = v.imagePullPolicy;

/** One RBAC policy rule, with the keys of rbac.authorization.k8s.io/v1 PolicyRule. */
export const policyRule = closed({
  verbs: strings,
  apiGroups: strings,
  resources: strings,
  resourceNames: strings,
  nonResourceURLs: strings,
});

/** A patch the syncer applies to a synced object: a path with an expression, a reference or labels. */
export const translatePatch = closed({
  path: str,
  expression: str,
  reverseExpression: str,
  reference: closed({
    apiVersion: str,
    apiVersionPath: str,
    kind: str,
    kindPath: str,
    namePath: str,
    namespacePath: str,
  }),
  labels: closed({}),
});

export const enableSwitchWithPatches = closed({ enabled: bool, patches: z.array(translatePatch) });
export const enableAutoSwitchWithPatches = closed({ enabled: boolOrString, patches: z.array(translatePatch) });
