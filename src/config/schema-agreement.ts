import type { z } from 'zod';
import type { k0sDistroSchema, k3sDistroSchema } from './distro-schemas';
import type { backingStoreSchema, controlPlaneSchema, etcdDeploySchema, k8sDistroSchema, runtimeSchema, statefulSetSchema } from './schema';
import type {
  BackingStoreValues, EtcdDeployValues, K0sDistroValues, K3sDistroValues, K8sDistroValues,
  ResolvedControlPlane, ResolvedRuntime, RuntimeValues, StatefulSetValues,
} from './value-types';

/**
 * Compile-time only: each written-out values interface accepts exactly what its zod schema accepts (the schema's
 * input type, read-only as the interfaces are). A key or a type changed on one side only fails `tsc`.
 */
type DeepReadonly<T> = T extends (infer E)[] ? readonly DeepReadonly<E>[]
  : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
// With every key required, a key that only one side has is no longer hidden by structural typing.
type DeepRequired<T> = T extends readonly (infer E)[] ? readonly DeepRequired<E>[]
  : T extends object ? { readonly [K in keyof T]-?: DeepRequired<NonNullable<T[K]>> } : T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Resolves<Schema extends z.ZodTypeAny, Written> = Same<DeepReadonly<z.output<Schema>>, DeepReadonly<Written>> extends true
  ? Same<DeepRequired<z.output<Schema>>, DeepRequired<Written>> : false;
type Agrees<Schema extends z.ZodTypeAny, Written> = Same<DeepReadonly<NonNullable<z.input<Schema>>>, DeepReadonly<Written>> extends true
  ? Same<DeepRequired<NonNullable<z.input<Schema>>>, DeepRequired<Written>> : false;

export const SCHEMA_AGREES: [
  Agrees<typeof k8sDistroSchema, K8sDistroValues>,
  Agrees<typeof k3sDistroSchema, K3sDistroValues>,
  Agrees<typeof k0sDistroSchema, K0sDistroValues>,
  Agrees<typeof etcdDeploySchema, EtcdDeployValues>,
  Agrees<typeof backingStoreSchema, BackingStoreValues>,
  Agrees<typeof statefulSetSchema, StatefulSetValues>,
  Agrees<typeof runtimeSchema, RuntimeValues>,
  Resolves<typeof controlPlaneSchema, ResolvedControlPlane>,
  Resolves<typeof runtimeSchema, ResolvedRuntime>,
] = [true, true, true, true, true, true, true, true, true];
