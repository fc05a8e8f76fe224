import { isDeepStrictEqual } from 'util';
import * as pulumi from '@pulumi/pulumi';
import type { ResolvedConfig } from '../config';
import { render, type KubeObject, type Release } from '../model';
import type { ReleaseInputs } from './args';

/**
 * Stand-ins for a release name or namespace not known yet (an output), when rendering which objects exist. Two
 * different ones tell the fields that depend on the unknown part from those that do not. They are valid DNS labels,
 * so the model renders with them as with any release.
 */
const STAND_IN_NAMES = ['unresolved-release-a', 'unresolved-release-b'] as const;
const STAND_IN_NAMESPACES = ['unresolved-namespace-a', 'unresolved-namespace-b'] as const;

/** One rendered object: its shape, known now, and its resource args. */
export interface PlannedObject {
  /** The object rendered for the release known now (its kind; its name when the release name is known). */
  readonly template: KubeObject;
  /** The resource args: each field as rendered when it does not depend on an unknown release part, else an output. */
  readonly args: Record<string, unknown>;
}

/** A field of a resource's args: a top-level key, or a key of a top-level map (`metadata.name`, `spec.replicas`). */
interface Field {
  readonly path: readonly string[];
  readonly value: unknown;
}

/**
 * Why the objects are planned in two steps: the release name and namespace only change field values (names,
 * labels, the namespace, the config Secret's text and its hash), never which objects exist nor their keys, while
 * the structural args (backing store, replicas, persistence, values) decide the set of objects and are plain
 * values here (the component resolves values given as an output before it plans). So the set is rendered now, with stand-ins for the unknown release parts; a field that comes out the same
 * for two different stand-ins is passed as rendered, and the others are fed by the render of the real release once
 * it is known (`pulumi.all(...).apply`). Every child resource then exists in previews, with only the fields that
 * depend on an unknown value shown as computed, and a preview with unknown values never fails. With a release known
 * now, every field is a plain value.
 */
export function planObjects(config: ResolvedConfig, release: ReleaseInputs, check: (release: Release) => void): PlannedObject[] {
  const standIn = (i: 0 | 1) => ({
    name: typeof release.name === 'string' ? release.name : STAND_IN_NAMES[i],
    namespace: typeof release.namespace === 'string' ? release.namespace : STAND_IN_NAMESPACES[i],
  });
  const [first, second] = [render(config, standIn(0)), render(config, standIn(1))];
  assertSameStructure(first, second);
  const rendered = pulumi.all([release.name, release.namespace]).apply(([name, namespace]) => {
    check({ name, namespace });
    const objects = render(config, { name, namespace });
    assertSameStructure(first, objects, second);
    return objects;
  });
  return first.map((template, i) => {
    const object = rendered.apply((objects) => objects[i]);
    const args: Record<string, any> = {};
    const others = fieldsOf(second[i]);
    fieldsOf(template).forEach(({ path, value }, j) => {
      const known = isDeepStrictEqual(value, others[j].value);
      let arg: unknown = known ? value : object.apply((o) => valueAt(o, path));
      // Secret data goes into the state encrypted: it may hold a database's data source.
      if (isSecretData(template, path)) arg = pulumi.secret(arg);
      if (path.length === 1) args[path[0]] = arg;
      else (args[path[0]] ??= {})[path[1]] = arg;
    });
    return { template, args };
  });
}

/** The name an object has in the first stand-in render, with `releaseName` in place of the stand-in. */
export function plannedName(template: KubeObject, releaseName: string): string {
  return template.metadata.name.split(STAND_IN_NAMES[0]).join(releaseName);
}

/** The fields of an object's args, in a stable order: maps field by field, so a provider sees their keys. */
function fieldsOf(object: KubeObject): Field[] {
  return Object.entries(object).flatMap(([key, value]): Field[] => (isMap(value) && !isSecretData(object, [key])
    ? Object.entries(value).map(([sub, subValue]) => ({ path: [key, sub], value: subValue }))
    : [{ path: [key], value }]));
}

/**
 * The release only changes values: if it ever changed the fields the args were built from, or (given the second
 * stand-in render `other`) a field judged independent of it, a value would be wrong silently, so that is an error.
 */
function assertSameStructure(planned: readonly KubeObject[], actual: readonly KubeObject[], other?: readonly KubeObject[]): void {
  const same = planned.length === actual.length && planned.every((object, i) => {
    const [fields, actualFields, otherFields] = [fieldsOf(object), fieldsOf(actual[i]), other ? fieldsOf(other[i]) : []];
    return fields.length === actualFields.length && fields.every((field, j) => isDeepStrictEqual(field.path, actualFields[j].path)
      && (!other || !isDeepStrictEqual(field.value, otherFields[j].value) || isDeepStrictEqual(field.value, actualFields[j].value)));
  });
  if (!same) throw new Error('the rendered objects depend on the release name or namespace in their structure; pass both as plain strings');
}

function isSecretData(object: KubeObject, path: readonly string[]): boolean {
  return object.kind === 'Secret' && path.length === 1 && (path[0] === 'data' || path[0] === 'stringData');
}

function valueAt(object: KubeObject, path: readonly string[]): unknown {
  return path.reduce<any>((value, key) => value?.[key], object);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
