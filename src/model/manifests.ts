import { parseAllDocuments } from 'yaml';
import { ConfigError, type ConfigProblem, type ResolvedConfig } from '../config';
import { chartValues } from './config-secret';
import type { KubeObject, Release } from './types';

const MANIFESTS_TEMPLATE = 'experimental.deploy.host.manifestsTemplate';

/**
 * The user's own host objects (`experimental.deploy.host.manifests` and `.manifestsTemplate`), as the chart v0.21.6's
 * manifests template emits them: the text as written, then the template's text rendered against the release and
 * the values. Here they become objects, so the cdk8s and Pulumi adapters create them as they do every other one.
 */
export function hostManifests(config: ResolvedConfig, release: Release): KubeObject[] {
  const host = chartValues(config).experimental.deploy.host;
  const problems: ConfigProblem[] = [];
  const objects = parseManifests(host.manifests, 'experimental.deploy.host.manifests', problems);
  const templateProblems: ConfigProblem[] = [];
  const rendered = renderTemplate(host.manifestsTemplate, config, release, templateProblems);
  // A template left half-rendered is not parsed: its actions would only be reported again as broken YAML.
  if (templateProblems.length === 0) objects.push(...parseManifests(rendered, MANIFESTS_TEMPLATE, problems));
  problems.push(...templateProblems);
  if (problems.length > 0) throw new ConfigError(problems);
  return objects;
}

/**
 * The part of Helm's `tpl` this library renders: `{{ .Release.Name }}`, `{{ .Release.Namespace }}` and
 * `{{ .Values.a.b }}` (a scalar), with the `{{-`/`-}}` whitespace trimming. Anything else (functions, pipelines,
 * conditionals) is refused with its text rather than passed through half-rendered.
 */
function renderTemplate(text: string, config: ResolvedConfig, release: Release, problems: ConfigProblem[]): string {
  if (!text) return '';
  return text.replace(/(\s*)\{\{(-\s)?\s*(.*?)\s*(\s-)?\}\}(\s*)/gs, (action, before: string, trimBefore, expression: string, trimAfter, after: string) => {
    const value = templateValue(expression, config, release);
    if (value === undefined) {
      problems.push({
        path: MANIFESTS_TEMPLATE,
        message: `${action.trim()}: only {{ .Release.Name }}, {{ .Release.Namespace }} and {{ .Values.<path> }} of a scalar are rendered here; `
          + 'write other parts literally, or render the template with Helm and put the result in experimental.deploy.host.manifests',
      });
      return action;
    }
    return `${trimBefore ? '' : before}${value}${trimAfter ? '' : after}`;
  });
}

function templateValue(expression: string, config: ResolvedConfig, release: Release): string | undefined {
  if (expression === '.Release.Name') return release.name;
  if (expression === '.Release.Namespace') return release.namespace;
  const path = /^\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$/.exec(expression)?.[1];
  if (!path) return undefined;
  let value: unknown = chartValues(config);
  for (const key of path.slice(1).split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
  // Helm prints a missing value as `<no value>`; a map or list would print Go's formatting of it: neither is meant.
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/**
 * The objects of a multi-document text. It is read as YAML 1.1, as kubectl reads the chart's output, so a value
 * means here what it meant there (`yes` a boolean, `0755` an octal number). Each document must be one Kubernetes
 * object: empty documents are skipped, as kubectl skips them.
 */
function parseManifests(text: string, path: string, problems: ConfigProblem[]): KubeObject[] {
  if (!text) return [];
  const objects: KubeObject[] = [];
  parseAllDocuments(text, { version: '1.1' }).forEach((doc, index) => {
    const problem = (message: string) => problems.push({ path, message: `document ${index + 1} ${message}` });
    const object: unknown = doc.errors.length > 0 ? undefined : doc.toJS();
    const missing = missingObjectFields(object);
    if (doc.errors.length > 0) problem(`is not valid YAML: ${doc.errors[0].message}`);
    else if (object === null || object === undefined) return;
    else if (missing.length > 0) problem(`is not a Kubernetes object: it needs ${missing.join(', ')}; fix or remove it`);
    else objects.push(object as KubeObject);
  });
  return objects;
}

/** The fields a Kubernetes object must have that `value` lacks (all of them when it is no map). */
function missingObjectFields(value: unknown): string[] {
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, any> : {};
  const fields: [string, unknown][] = [['apiVersion', object.apiVersion], ['kind', object.kind], ['metadata.name', object.metadata?.name]];
  return fields.filter(([, v]) => typeof v !== 'string' || v === '').map(([field]) => field);
}
