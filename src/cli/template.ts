import { Command } from 'commander';
import { applySet, DEFAULT_KUBE_VERSION, mergeValues, readValuesFile, resolve, validateRelease, withKubeVersion, type ConfigProblem } from '../config';
import { render, toYaml, type KubeObject } from '../model';

export interface TemplateOptions {
  readonly values: readonly string[];
  readonly set: readonly string[];
  readonly name: string;
  readonly namespace: string;
  /** The host's Kubernetes version, as helm template's `--kube-version`. @default DEFAULT_KUBE_VERSION */
  readonly kubeVersion?: string;
}


/** Renders the multi-document YAML of a release, like `helm template`. Throws on invalid input, printing nothing. */
export function renderTemplate(options: TemplateOptions): { yaml: string; warnings: readonly ConfigProblem[] } {
  let values = mergeValues(...options.values.map(readValuesFile));
  for (const assignment of options.set) values = applySet(values, assignment);
  validateRelease({ name: options.name, namespace: options.namespace }, { name: '--name', namespace: '--namespace' });
  const config = withKubeVersion(resolve(values), options.kubeVersion, '--kube-version');
  const objects = render(config, { name: options.name, namespace: options.namespace });
  return { yaml: objects.map(toDocument).join(''), warnings: config.warnings };
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
    .option('--kube-version <version>', 'Kubernetes version of the host cluster, as helm template takes it: the k8s distro '
      + `images follow it when no version is set (default: ${DEFAULT_KUBE_VERSION}, helm template's)`)
    .action((opts: { values: string[]; set: string[]; name: string; namespace: string; kubeVersion?: string }) => {
      const result = renderTemplate({ ...opts });
      for (const warning of result.warnings) process.stderr.write(`vck: warning: ${warning.path}: ${warning.message}\n`);
      process.stdout.write(result.yaml);
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
