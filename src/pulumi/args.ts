import type * as pulumi from '@pulumi/pulumi';
import { ConfigError, validateRelease, type ConfigProblem, type ResolvedConfig, type VClusterValues } from '../config';
import type { Release } from '../model';
import { OPTION_VALUE_PATHS, resolveProps, type ControlPlaneOptions } from '../props';

/** Arguments of {@link ControlPlane}. */
export interface ControlPlaneArgs extends Omit<ControlPlaneOptions, 'values'> {
  /**
   * Any other vcluster.yaml values (e.g. `sync`, `networking`, `exportKubeConfig.server`), merged under the typed
   * args, which win. Takes an output (e.g. a server address from a load balancer); values decide which objects
   * exist, so while they are unknown (in a preview) the children are not shown, and they appear once known.
   * @default {}
   */
  readonly values?: pulumi.Input<VClusterValues>;
  /**
   * Namespace of the virtual cluster's objects (it must exist). Takes another resource's output, e.g.
   * `namespace: ns.metadata.name`.
   * @default default
   */
  readonly namespace?: pulumi.Input<string>;
  /**
   * Name of the virtual cluster: names every object (`NAME`, `NAME-headless`, `vc-NAME`...). Takes another
   * resource's output.
   * @default - the component's name
   */
  readonly name?: pulumi.Input<string>;
  /**
   * @deprecated use `name`
   * @default - the component's name
   */
  readonly releaseName?: pulumi.Input<string>;
}

/** Where the control plane is installed, each part possibly another resource's output. */
export interface ReleaseInputs {
  readonly name: pulumi.Input<string>;
  readonly namespace: pulumi.Input<string>;
}

/** The release inputs of a component: `name` (or its deprecated alias) else the component name, and the namespace. */
export function releaseInputs(component: string, args: ControlPlaneArgs): ReleaseInputs {
  return { name: args.name ?? args.releaseName ?? component, namespace: args.namespace ?? 'default' };
}

/**
 * Checks a component's args: the release parts known now (an output is checked by {@link checkRelease} once it
 * resolves) and the configuration the typed args and values make. Every problem is reported in one
 * {@link ConfigError} whose paths name the args (`args.replicas`, `args.name`), so the user knows what to change.
 */
export function resolveArgs(component: string, args: ControlPlaneArgs & { readonly values?: VClusterValues }): ResolvedConfig {
  const problems = [...releaseArgProblems(component, args)];
  let config: ResolvedConfig | undefined;
  problems.push(...problemsOf(() => {
    config = resolveProps(args);
  }).map((p) => namedAfterArg(p, args)));
  if (problems.length > 0 || !config) throw new ConfigError(problems);
  return config;
}

/** Checks the args that say where the control plane goes, as far as they are known now (see {@link resolveArgs}). */
export function checkReleaseArgs(component: string, args: ControlPlaneArgs): void {
  const problems = releaseArgProblems(component, args);
  if (problems.length > 0) throw new ConfigError(problems);
}

function releaseArgProblems(component: string, args: ControlPlaneArgs): ConfigProblem[] {
  const release = releaseInputs(component, args);
  // A part known now is checked now; an output, by planObjects once it resolves (a valid stand-in meanwhile).
  return [...aliasProblems(args), ...problemsOf(() => checkRelease(component, args, {
    name: typeof release.name === 'string' ? release.name : 'unresolved',
    namespace: typeof release.namespace === 'string' ? release.namespace : 'unresolved',
  }))];
}

/** Checks a release once its name and namespace are known, naming the args they came from. */
export function checkRelease(component: string, args: ControlPlaneArgs, release: Release): void {
  const name = args.name !== undefined ? 'args.name'
    : args.releaseName !== undefined ? 'args.releaseName'
      : `component name "${component}" (the release name when args.name is not set)`;
  validateRelease(release, { name, namespace: 'args.namespace' });
}

/** `releaseName` is only an alias of `name`: both set is refused unless they are the same string. */
function aliasProblems(args: ControlPlaneArgs): ConfigProblem[] {
  if (args.name === undefined || args.releaseName === undefined) return [];
  if (typeof args.name === 'string' && args.name === args.releaseName) return [];
  return [{ path: 'args.releaseName', message: 'is the deprecated alias of args.name; set only args.name' }];
}

/** The problems a check throws as a ConfigError (other errors propagate). */
function problemsOf(check: () => void): readonly ConfigProblem[] {
  try {
    check();
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

/** A problem under the key a typed arg writes is reported against that arg, keeping the vcluster.yaml path. */
function namedAfterArg(problem: ConfigProblem, args: ControlPlaneArgs): ConfigProblem {
  for (const [arg, prefix] of Object.entries(OPTION_VALUE_PATHS)) {
    if (args[arg as keyof typeof OPTION_VALUE_PATHS] === undefined) continue;
    // A prop checked before it becomes values (a runtimeImage that is no image reference) already names itself.
    if (problem.path === arg) return { path: `args.${arg}`, message: problem.message };
    if (problem.path === prefix || problem.path.startsWith(`${prefix}.`) || problem.path.startsWith(`${prefix}[`)) {
      return { path: `args.${arg}`, message: `${problem.path}: ${problem.message}` };
    }
  }
  return problem;
}
