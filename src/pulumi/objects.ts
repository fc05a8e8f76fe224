import * as pulumi from '@pulumi/pulumi';
import type { ResolvedConfig } from '../config';
import { render, type KubeObject, type Release } from '../model';
import type { ReleaseInputs } from './args';

/**
 * A release name and namespace that stand for outputs not known yet, when rendering which objects exist. They are
 * valid DNS labels, so the model renders with them as with any release.
 */
const UNKNOWN_NAME = 'unresolved-release';
const UNKNOWN_NAMESPACE = 'unresolved-namespace';

/** One rendered object: its shape, known now, and its fields, known once the release is. */
export interface PlannedObject {
  /** The object rendered for the release known now: its kind, its keys, and its name when the release name is known. */
  readonly template: KubeObject;
  /** The object's args for its resource: apiVersion and kind as they are, every other field an output. */
  readonly args: Record<string, unknown>;
}

/**
 * Why the objects are planned in two steps: the release name and namespace only change field values (names,
 * labels, the namespace, the config Secret's text and its hash), never which objects exist nor their keys, while
 * the structural args (backing store, replicas, persistence, values) decide the set of objects and are plain
 * values. So the set is rendered now, from the structural args and stand-ins for unknown release parts, and each
 * field is fed by the real render once the release is known (`pulumi.all(...).apply`). Every child resource then
 * exists in previews, with its unknown fields shown as computed, and a preview with unknown values never fails.
 */
export function planObjects(config: ResolvedConfig, release: ReleaseInputs, check: (release: Release) => void): PlannedObject[] {
  const known = {
    name: typeof release.name === 'string' ? release.name : UNKNOWN_NAME,
    namespace: typeof release.namespace === 'string' ? release.namespace : UNKNOWN_NAMESPACE,
  };
  const templates = render(config, known);
  const rendered = pulumi.all([release.name, release.namespace]).apply(([name, namespace]) => {
    check({ name, namespace });
    const objects = render(config, { name, namespace });
    assertSameShape(templates, objects);
    return objects;
  });
  return templates.map((template, i) => ({ template, args: liftFields(template, rendered.apply((objects) => objects[i])) }));
}

/** The name an object has in the stand-in render, with the release name in place of its stand-in. */
export function plannedName(template: KubeObject, releaseName: string): string {
  return template.metadata.name.split(UNKNOWN_NAME).join(releaseName);
}

/**
 * The resource args of an object: the top-level fields, and those of its maps (`metadata.name`, `spec.replicas`...)
 * one by one, so a provider sees the object's structure even while a value is unknown. Secret data is secret.
 */
function liftFields(template: KubeObject, object: pulumi.Output<KubeObject>): Record<string, unknown> {
  const field = (...path: string[]) => object.apply((o) => path.reduce<any>((value, key) => value?.[key], o));
  const args: Record<string, unknown> = { apiVersion: template.apiVersion, kind: template.kind };
  for (const [key, value] of Object.entries(template)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (template.kind === 'Secret' && (key === 'data' || key === 'stringData')) {
      // Secret data goes into the state encrypted: it may hold a database's data source.
      args[key] = pulumi.secret(field(key));
    } else if (isMap(value)) {
      args[key] = Object.fromEntries(Object.keys(value).map((sub) => [sub, field(key, sub)]));
    } else {
      args[key] = field(key);
    }
  }
  return args;
}

/**
 * The release only changes values: if it ever changed the keys the args were built from, a field would be lost
 * silently, so that is an error instead.
 */
function assertSameShape(templates: readonly KubeObject[], objects: readonly KubeObject[]): void {
  const shape = (list: readonly KubeObject[]) => JSON.stringify(list.map((o) => [
    o.kind,
    Object.entries(o).map(([key, value]) => [key, isMap(value) ? Object.keys(value) : []]),
  ]));
  if (shape(templates) !== shape(objects)) {
    throw new Error('the rendered objects depend on the release name or namespace in their structure; pass them as plain strings');
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
