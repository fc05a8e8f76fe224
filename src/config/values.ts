/**
 * Helm-style handling of raw values: layering several vcluster.yaml files and `--set` assignments.
 */

import { ConfigError } from './errors';

type Json = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Freezes a value and everything it holds: resolved configs and the chart's defaults are shared, never changed. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Deep-merges values like Helm: later layers win, maps merge key by key, lists and scalars replace. */
export function mergeValues(...layers: readonly unknown[]): Json {
  let result: Json = {};
  for (const layer of layers) {
    if (layer === undefined || layer === null) continue;
    if (!isPlainObject(layer)) {
      throw new ConfigError([{ path: '(root)', message: `values must be a map of keys, got ${Array.isArray(layer) ? 'a list' : typeof layer}` }]);
    }
    result = mergeTwo(result, layer);
  }
  return result;
}

/**
 * The values as a chart's templates see them (Helm's `.Values`): `values` over the chart's `defaults`, merged as
 * {@link mergeValues} does, except that a null removes the key (Helm's coalescing: how a user drops a default) and an
 * undefined one counts as absent (TypeScript props leave such keys).
 */
export function withDefaults(defaults: Readonly<Json>, values: Readonly<Json>): Json {
  return mergeTwo(defaults, values, true);
}

function mergeTwo(base: Readonly<Json>, over: Readonly<Json>, coalesce = false): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    if (coalesce && value === undefined) continue;
    if (coalesce && value === null) delete out[key];
    else out[key] = isPlainObject(current) && isPlainObject(value) ? mergeTwo(current, value, coalesce) : value;
  }
  return out;
}

/** Parses a `--set` scalar the way Helm does: true/false/null and numbers are typed, the rest is a string. */
function parseScalar(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(raw) && Number.isSafeInteger(Math.trunc(Number(raw)))) return Number(raw);
  return raw;
}

/** Splits on `sep` where it is not escaped with a backslash (Helm lets `\,` and `\.` stand for themselves). */
function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) {
      // An escaped separator stands for itself; other escapes are left for the next split.
      current += text[i + 1] === sep ? sep : text[i] + text[i + 1];
      i++;
    } else if (text[i] === sep) {
      parts.push(current);
      current = '';
    } else {
      current += text[i];
    }
  }
  parts.push(current);
  return parts;
}

/** A path step: a map key, or a list index written as `key[0]`. */
type Step = string | number;

function parsePath(path: string, assignment: string): Step[] {
  const steps: Step[] = [];
  for (const part of splitUnescaped(path, '.')) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match || (match[1] === '' && match[2] === '')) {
      throw new ConfigError([{ path: `--set ${assignment}`, message: `"${part}" is not a key; write paths like controlPlane.statefulSet.env[0].name` }]);
    }
    if (match[1] !== '') steps.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]));
  }
  return steps;
}

/**
 * Applies Helm `--set` assignments (`a.b=c`, `list[0].name=x`, several separated by commas) to a copy of `values`.
 */
export function applySet(values: Json, assignments: string): Json {
  const root = mergeValues(values);
  for (const assignment of splitUnescaped(assignments, ',').filter((a) => a !== '')) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new ConfigError([{ path: `--set ${assignment}`, message: 'expected path=value, e.g. controlPlane.statefulSet.highAvailability.replicas=3' }]);
    }
    const steps = parsePath(assignment.slice(0, eq), assignment);
    const value = parseScalar(assignment.slice(eq + 1));
    let node: Record<string | number, unknown> = root;
    steps.forEach((step, i) => {
      const last = i === steps.length - 1;
      if (last) {
        node[step] = value;
        return;
      }
      const nextIsIndex = typeof steps[i + 1] === 'number';
      const existing = node[step];
      const fresh = nextIsIndex ? [] : {};
      const child = nextIsIndex ? (Array.isArray(existing) ? [...existing] : fresh)
        : (isPlainObject(existing) ? { ...existing } : fresh);
      node[step] = child;
      node = child as Record<string | number, unknown>;
    });
  }
  return root;
}
