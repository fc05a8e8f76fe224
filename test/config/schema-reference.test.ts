import { z } from 'zod';
import { unwrap } from '../../src/config/resolve';
import { valuesSchema } from '../../src/config/surface';
import { chartReference } from '../support/chart-reference';

/**
 * The library's schema against the chart's values.schema.json, key by key: the same keys, the same objects closed to
 * unknown keys, the same maps left open, the same scalar types. Where they differ by design, the difference is listed
 * here with its reason; a listed difference that no longer holds fails too, so the list stays true.
 */

type JsonSchema = Record<string, any>;

/** Keys the library has and the chart has not. */
const OURS_ONLY: Record<string, string> = {
  'runtime': 'the image of this library\'s own runtime (vck storage, vck etcd); never written to the syncer\'s config',
  'controlPlane.backingStore.database.embedded.dataSourceSecret': 'the data source read from a Secret, so credentials stay out of manifests',
  'controlPlane.backingStore.database.external.dataSourceSecret': 'the data source read from a Secret, so credentials stay out of manifests',
};

/** Keys the chart has and the library refuses. */
const CHART_ONLY: Record<string, string> = {
};

/** Places where the library checks more than the chart's schema says, with the reason. */
const NARROWER: Record<string, string> = {
  'controlPlane.distro.k8s.resources': 'checked as every container\'s resources are: limits and requests, each of quantities',
  'controlPlane.distro.k3s.resources': 'checked as every container\'s resources are: limits and requests, each of quantities',
  'controlPlane.distro.k0s.resources': 'checked as every container\'s resources are: limits and requests, each of quantities',
};

interface Finding {
  readonly path: string;
  readonly problem: string;
}

function deref(node: JsonSchema, defs: Record<string, JsonSchema>): JsonSchema {
  return node.$ref ? defs[String(node.$ref).split('/').pop()!] : node;
}

/** What a zod schema holds at the leaves, in the reference's words. */
function scalarType(schema: z.ZodTypeAny): string {
  if (schema instanceof z.ZodString || schema instanceof z.ZodEnum || schema instanceof z.ZodLiteral) return 'string';
  if (schema instanceof z.ZodBoolean) return 'boolean';
  if (schema instanceof z.ZodNumber) return schema.isInt ? 'integer' : 'number';
  if (schema instanceof z.ZodUnion) return [...new Set((schema.options as z.ZodTypeAny[]).map((o) => scalarType(unwrap(o))))].sort().join('|');
  return schema.constructor.name;
}

const SCALARS = ['string', 'boolean', 'integer', 'number'];

/** The scalar type(s) of a reference node, or undefined for objects (`plugins` is an anyOf of objects: a map). */
function referenceScalar(node: JsonSchema): string | undefined {
  const types: string[] = (node.oneOf ?? node.anyOf ?? [node]).map((a: JsonSchema) => a.type);
  return types.every((t) => SCALARS.includes(t)) ? [...new Set(types)].sort().join('|') : undefined;
}

/** Whether a zod schema lets keys it does not name through, and what it checks them with. */
function openValues(schema: z.ZodTypeAny): z.ZodTypeAny | undefined {
  if (schema instanceof z.ZodRecord) return schema.valueSchema;
  if (schema instanceof z.ZodObject) {
    if (!(schema._def.catchall instanceof z.ZodNever)) return schema._def.catchall;
    if (schema._def.unknownKeys === 'passthrough') return z.unknown();
  }
  if (schema instanceof z.ZodUnknown || schema instanceof z.ZodAny) return z.unknown();
  return undefined;
}

/** `reference` is a JSON schema node, or `true` (anything, as list items the chart leaves untyped). */
function compare(reference: JsonSchema | true, ours: z.ZodTypeAny, path: string, defs: Record<string, JsonSchema>, out: Finding[]): void {
  const ref = reference === true ? {} : deref(reference, defs);
  const schema = unwrap(ours);
  if (Object.keys(ref).filter((k) => k !== 'description').length === 0) {
    if (!openValues(schema) && !NARROWER[path]) out.push({ path, problem: 'free-form in the chart, checked here' });
    return;
  }
  if (ref.type === 'array') {
    if (!(schema instanceof z.ZodArray)) return void out.push({ path, problem: `a list in the chart, ${scalarType(schema)} here` });
    compare(ref.items ?? true, schema.element, `${path}[]`, defs, out);
    return;
  }
  const scalar = referenceScalar(ref);
  if (scalar !== undefined) {
    if (scalarType(schema) !== scalar) out.push({ path, problem: `${scalar} in the chart, ${scalarType(schema)} here` });
    return;
  }
  compareObject(ref, schema, path, defs, out);
}

function compareObject(ref: JsonSchema, schema: z.ZodTypeAny, path: string, defs: Record<string, JsonSchema>, out: Finding[]): void {
  if (NARROWER[path]) return;
  const properties: Record<string, JsonSchema> = ref.properties ?? {};
  const shape: Record<string, z.ZodTypeAny> = schema instanceof z.ZodObject ? schema.shape : {};
  const at = (key: string) => (path === '' ? key : `${path}.${key}`);
  for (const [key, child] of Object.entries(properties)) {
    if (CHART_ONLY[at(key)]) {
      if (shape[key]) out.push({ path: at(key), problem: 'known here now: drop it from CHART_ONLY' });
    } else if (!shape[key]) {
      out.push({ path: at(key), problem: 'in the chart, unknown here' });
    } else {
      compare(child, shape[key], at(key), defs, out);
    }
  }
  for (const key of Object.keys(shape)) {
    if (!properties[key] && !OURS_ONLY[at(key)]) out.push({ path: at(key), problem: 'known here, not in the chart' });
  }
  // `additionalProperties: false` closes an object; a schema there types the values of a map; nothing leaves it open.
  const closedThere = ref.additionalProperties === false;
  const mapValues = typeof ref.additionalProperties === 'object' ? ref.additionalProperties as JsonSchema : undefined;
  const open = openValues(schema);
  if (closedThere && open) out.push({ path, problem: 'closed in the chart, open here' });
  if (!closedThere && !open) out.push({ path, problem: 'open in the chart, closed here' });
  if (mapValues && open) compare(mapValues, open, `${path}.*`, defs, out);
}

test('our schema knows every key of the chart\'s, closes what it closes and leaves open what it leaves open', () => {
  const schema = chartReference().schema as JsonSchema;
  const findings: Finding[] = [];
  compare(schema, valuesSchema, '', schema.$defs, findings);
  expect(findings).toEqual([]);
});

test('every listed difference is still one', () => {
  const shape = valuesSchema.shape as Record<string, z.ZodTypeAny>;
  const known = (path: string) => path.split('.').reduce<z.ZodTypeAny | undefined>((node, key) => {
    const s = node && unwrap(node);
    return s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodTypeAny>)[key] : undefined;
  }, z.object(shape)) !== undefined;
  for (const path of Object.keys(OURS_ONLY)) expect([path, known(path)]).toEqual([path, true]);
  for (const path of Object.keys(CHART_ONLY)) expect([path, known(path)]).toEqual([path, false]);
});
