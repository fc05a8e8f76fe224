import { z } from 'zod';
import * as v from './validators';

/**
 * `controlPlane.distro.k3s` and `.k0s`: the single-binary distros, as chart v0.21.6 has them (values.yaml, and
 * DistroK3s / DistroK0s in config/config.go). Their image is the distro's own; an init container copies its binary
 * into the binaries volume, and the syncer starts it with `command` or its own flags plus `extraArgs`.
 */
const singleBinaryDistro = (repository: string, tag: string) => ({
  enabled: z.boolean().default(false),
  command: v.stringList,
  extraArgs: v.stringList,
  imagePullPolicy: v.imagePullPolicy.default(''),
  image: v.image({ registry: '', repository, tag }),
  env: v.objectList,
  securityContext: v.object,
  resources: v.resources({ limits: { cpu: '100m', memory: '256Mi' }, requests: { cpu: '40m', memory: '64Mi' } }),
});

export const k3sDistroSchema = z.object({
  ...singleBinaryDistro('rancher/k3s', 'v1.31.1-k3s1'),
  /** The k3s server token; empty: the syncer generates one and keeps it in Secret `vc-k3s-NAME`. */
  token: z.string().default(''),
}).strict().default({});

export const k0sDistroSchema = z.object({
  ...singleBinaryDistro('k0sproject/k0s', 'v1.30.2-k0s.0'),
  /** A k0s cluster config template replacing the syncer's own (pkg/k0s/k0s.go). */
  config: z.string().default(''),
}).strict().default({});

const DISTRO_NAMES = ['k3s', 'k0s', 'k8s'] as const;

/**
 * `controlPlane.distro`: at most one distro enabled (the chart fails the render otherwise, `vcluster.distro` in
 * `_distro.tpl`); none enabled means k8s. Built around the k8s schema, which lives with the rest of the surface.
 */
export function distroSchema<K8s extends z.ZodTypeAny>(k8s: K8s) {
  return z.object({ k8s, k3s: k3sDistroSchema, k0s: k0sDistroSchema }).strict().superRefine((distro, ctx) => {
    const enabled = DISTRO_NAMES.filter((name) => (distro[name] as { enabled?: boolean } | undefined)?.enabled === true);
    if (enabled.length > 1) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `only one distro can be enabled at the same time; found ${enabled.join(' and ')}: set enabled: false on all but one`,
      });
    }
  // `{}` parses to every default; typed loosely only because K8s is generic here.
  }).default({} as never);
}
