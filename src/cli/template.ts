import { Command } from 'commander';
import { applySet, mergeValues, readValuesFile, resolve, validateRelease, type ConfigProblem } from '../config';
import { render, toYaml, type KubeObject } from '../model';

export interface TemplateOptions {
  readonly values: readonly string[];
  readonly set: readonly string[];
  readonly name: string;
  readonly namespace: string;
}


/** Renders the multi-document YAML of a release, like `helm template`. Throws on invalid input, printing nothing. */
export function renderTemplate(options: TemplateOptions): { yaml: string; outsideSurface: string[]; warnings: readonly ConfigProblem[] } {
  let values = mergeValues(...options.values.map(readValuesFile));
  for (const assignment of options.set) values = applySet(values, assignment);
  validateRelease({ name: options.name, namespace: options.namespace }, { name: '--name', namespace: '--namespace' });
  const config = resolve(values);
  const objects = render(config, { name: options.name, namespace: options.namespace });
  return { yaml: objects.map(toDocument).join(''), outsideSurface: config.outsideSurface, warnings: config.warnings };
}

function toDocument(object: KubeObject): string {
  return `---\n# Source: vcluster-constructs/${object.kind}/${object.metadata.name}\n${toYaml(object)}`;
}

/** `vck template`: vcluster.yaml in, the virtual cluster's Kubernetes objects out. */
export function templateCommand(): Command {
  return new Command('template')
    .description('render the Kubernetes objects of a virtual cluster from vcluster.yaml values, like helm template')
    .option('-f, --values <file>', 'a vcluster.yaml values file (repeatable; later files override earlier ones)', collect, [])
    .option('--set <path=value>', 'set a value on the command line (repeatable; overrides the files)', collect, [])
    .requiredOption('--name <name>', 'release name of the virtual cluster')
    .option('-n, --namespace <namespace>', 'namespace the virtual cluster is installed in', 'default')
    .action((opts: { values: string[]; set: string[]; name: string; namespace: string }) => {
      const result = renderTemplate({ values: opts.values, set: opts.set, name: opts.name, namespace: opts.namespace });
      if (result.outsideSurface.length > 0) {
        process.stderr.write(`vck: passed to the syncer unchanged (not interpreted here): ${result.outsideSurface.join(', ')}\n`);
      }
      for (const warning of result.warnings) process.stderr.write(`vck: warning: ${warning.path}: ${warning.message}\n`);
      process.stdout.write(result.yaml);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
