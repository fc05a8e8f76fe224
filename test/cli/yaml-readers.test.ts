import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Chart } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { ControlPlane } from '../../src/cdk8s';
import { renderTemplate } from '../../src/cli/template';
import { STORES } from '../model/fixtures';
import { scaled } from '../support/time-scale';
import { vck } from '../support/vck';

/**
 * Strings that YAML 1.1 (kubectl's go-yaml) or YAML 1.2 read as something else when written plain: bools, numbers in
 * every base and with separators, sexagesimal numbers, infinities, null, timestamps, the merge key.
 */
const YAML_1_1_LOOKALIKES = ['yes', 'no', 'on', 'off', 'y', 'n', 'Y', 'NO', 'True', '1_000', '017', '0x1F', '0b101', '1:20', '190:20:30.15',
  '685_230.15', '.inf', '-.inf', '.nan', '~', 'null', '1e3', '+12', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<'];
/** Strings only YAML 1.2 reads as numbers (octal `0o`), which go-yaml reads as numbers too. */
const YAML_1_2_LOOKALIKES = ['0o17'];
/** Label values (a stricter syntax) that YAML 1.1 reads as something else. */
const LABEL_LOOKALIKES = { bool: 'yes', date: '2001-12-14', octal: '0o17', separated: '1_000' };

const annotationsOf = (values: readonly string[]) => Object.fromEntries(values.map((v, i) => [`example.com/value-${i}`, v]));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vck-yaml-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The objects of a manifests file as kubectl reads them, offline: `kubectl annotate --local` parses the file (as it
 * parses any manifest it applies) and prints the objects back without a cluster. It refuses the file when a value
 * is not of its field's type (`cannot unmarshal bool into ... annotations of type string`).
 */
function readByKubectl(name: string, text: string): any[] {
  const file = join(dir, name);
  writeFileSync(file, text);
  const result = spawnSync('kubectl', ['annotate', '--local', '-f', file, 'example.com/read=true', '-o', 'yaml'], {
    encoding: 'utf-8',
    timeout: scaled(30_000),
    env: { PATH: process.env.PATH, HOME: dir },
  });
  if (result.status !== 0) throw new Error(`kubectl could not read ${name}: ${result.stderr}${result.error ?? ''}`);
  return parseAllDocuments(result.stdout, { version: '1.1' }).map((d) => d.toJS()).flatMap((o) => (o.kind === 'List' ? o.items : [o]));
}

test('kubectl reads every object `vck template` writes, and the CoreDNS manifests inside, with string values kept strings', () => {
  const annotations = annotationsOf([...YAML_1_1_LOOKALIKES, ...YAML_1_2_LOOKALIKES]);
  const values = {
    controlPlane: {
      advanced: { globalMetadata: { annotations } },
      statefulSet: { pods: { labels: LABEL_LOOKALIKES }, args: ['--flag', 'off', '0o17'] },
      coredns: { service: { annotations } },
      ingress: { enabled: true },
      serviceMonitor: { enabled: true },
    },
    policies: { networkPolicy: { enabled: true }, resourceQuota: { enabled: true } },
    // The user's own host objects, quoted as YAML 1.1 needs, come out quoted too.
    experimental: { deploy: { host: { manifests: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: answers\ndata:\n  answer: "yes"\n  mode: "0o17"\n' } } },
  };
  const valuesFile = join(dir, 'values.json');
  // JSON, which is YAML too: the values arrive as the strings they are, whatever the reader's YAML version.
  writeFileSync(valuesFile, JSON.stringify(values));
  const { status, stdout, stderr } = vck('template', '-f', valuesFile, '--name', 'tenant-a', '--namespace', 'tenants');
  expect({ status, stderr: status === 0 ? '' : stderr }).toEqual({ status: 0, stderr: '' });

  const objects = readByKubectl('rendered.yaml', stdout);
  expect(objects.length).toBeGreaterThan(10);
  for (const object of objects.filter((o) => o.metadata.name !== 'answers')) {
    expect(object.metadata.annotations).toMatchObject({ ...annotations, 'example.com/read': 'true' });
  }
  expect(objects.find((o) => o.metadata.name === 'answers').data).toEqual({ answer: 'yes', mode: '0o17' });
  expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['LimitRange', 'ResourceQuota', 'NetworkPolicy', 'Ingress', 'ServiceMonitor']));
  const controlPlane = objects.find((o) => o.kind === 'StatefulSet');
  expect(controlPlane.spec.template.metadata.labels).toMatchObject(LABEL_LOOKALIKES);
  expect(controlPlane.spec.template.spec.containers[0].args).toEqual(['--flag', 'off', '0o17']);

  // The CoreDNS manifests the syncer applies, once it has filled in its placeholders.
  const coreDnsText = objects.find((o) => o.metadata.name === 'vc-coredns-tenant-a').data['coredns.yaml'] as string;
  const filledIn = coreDnsText.replace('{{.IMAGE}}', 'coredns/coredns:1.11.3').replace(/\{\{\.RUN_AS_(USER|GROUP)\}\}/g, '1001');
  const service = readByKubectl('coredns.yaml', filledIn).find((o) => o.kind === 'Service');
  expect(service.metadata.annotations).toMatchObject(annotations);
});

test.each(Object.entries(STORES))('kubectl reads what `vck template` renders for %s', (store, values) => {
  const valuesFile = join(dir, `${store}.json`);
  writeFileSync(valuesFile, JSON.stringify(values));
  const { yaml } = renderTemplate({ values: [valuesFile], set: [], name: 'tenant-a', namespace: 'tenants' });
  const objects = readByKubectl(`${store}.yaml`, yaml);
  expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(parseAllDocuments(yaml).map((d) => d.toJS()).map((o) => `${o.kind}/${o.metadata.name}`));
});

test('the cdk8s app writes YAML 1.1 itself: kubectl reads what it synthesises, but for YAML 1.2-only forms such as 0o17', () => {
  // cdk8s serialises with its own copy of the `yaml` package (Yaml.stringify, version 1.1): not this library's to set.
  const write = (values: readonly string[]) => {
    const app = new App({ outdir: mkdtempSync(join(dir, 'cdk8s-')) });
    const chart = new Chart(app, 'tenant-a', { namespace: 'tenants' });
    ControlPlane.fromValues(chart, 'tenant-a', { controlPlane: { advanced: { globalMetadata: { annotations: annotationsOf(values) } } } });
    return app.synthYaml();
  };
  for (const object of readByKubectl('cdk8s.yaml', write(YAML_1_1_LOOKALIKES))) {
    expect(object.metadata.annotations).toMatchObject(annotationsOf(YAML_1_1_LOOKALIKES));
  }
  expect(() => readByKubectl('cdk8s-1.2.yaml', write(YAML_1_2_LOOKALIKES))).toThrow(/cannot unmarshal number/);
});
