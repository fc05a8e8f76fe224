import { readFileSync } from 'fs';
import { parseAllDocuments } from 'yaml';
import { ConfigError } from './errors';
import type { VClusterValues } from './types';

/**
 * Reads one vcluster.yaml file: an empty file is an empty map; several documents are refused (Helm takes one per
 * `-f`). Problems are a {@link ConfigError} whose path is the file. Read as YAML 1.1, as Helm reads values files
 * (sigs.k8s.io/yaml over go-yaml v2): a plain `yes`, `on` or `off` is a boolean there, and must mean the same here.
 */
export function readValuesFile(file: string): VClusterValues {
  let text: string;
  try {
    text = readFileSync(file, 'utf-8');
  } catch (err) {
    throw new ConfigError([{ path: file, message: `cannot read the values file: ${(err as Error).message}` }]);
  }
  const docs = parseAllDocuments(text, { version: '1.1' });
  if (!Array.isArray(docs)) return {};
  if (docs.length > 1) throw new ConfigError([{ path: file, message: `holds ${docs.length} YAML documents; a values file holds one` }]);
  const doc = docs[0];
  if (!doc) return {};
  if (doc.errors.length > 0) throw new ConfigError([{ path: file, message: `invalid YAML: ${doc.errors[0].message}` }]);
  const values: unknown = doc.toJS() ?? {};
  if (typeof values !== 'object' || Array.isArray(values)) {
    throw new ConfigError([{ path: file, message: 'must hold a map of values (e.g. `controlPlane: ...`)' }]);
  }
  return values as VClusterValues;
}
