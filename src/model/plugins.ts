import { ConfigError, type ResolvedConfig } from '../config';
import { chartValues } from './config-secret';
import { nonEmpty, optional } from './fields';
import { imageName } from './images';

/**
 * vCluster plugins, as the chart v0.21.6 renders them (chart/templates/_plugin.tpl, _init-containers.tpl):
 * - `plugins.NAME` and the legacy `plugin.NAME` with `version: v2` are copied by an init container into volume
 *   `plugins`, which the syncer mounts at /plugins and loads them from;
 * - a legacy `plugin.NAME` of any other version runs as a sidecar of the syncer, reached on localhost:14000 + its index.
 * Helm ranges over a map in key order, so entries are taken sorted by name: the order of containers and the sidecars'
 * ports follow from it.
 */

type Json = Record<string, any>;

/** A plugin entry, as the chart reads it (the Plugin and Plugins types of the syncer's config). */
interface PluginValues {
  readonly name?: string;
  readonly image?: string;
  readonly version?: string;
  readonly imagePullPolicy?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly securityContext?: Json;
  readonly volumeMounts?: readonly Json[];
  readonly resources?: Json;
  readonly [key: string]: unknown;
}

const PLUGINS_VOLUME = 'plugins';
const PLUGINS_PATH = '/plugins';
/** Port of the first legacy plugin sidecar's address; the next ones count up. */
const LEGACY_PLUGIN_BASE_PORT = 14000;

/** `[name, entry]` of a plugin map, in the order Helm ranges over it. */
function entries(map: Readonly<Record<string, PluginValues>> | undefined): [string, PluginValues][] {
  return Object.keys(map ?? {}).sort().map((key) => [key, map![key]]);
}

const isV2 = (plugin: PluginValues) => plugin.version === 'v2';

/** The plugins an init container copies into the `plugins` volume: legacy v2 ones first, then `plugins`. */
function copiedPlugins(config: ResolvedConfig): { legacy: [string, PluginValues][]; current: [string, PluginValues][] } {
  const values = chartValues(config);
  return {
    legacy: entries(values.plugin).filter(([, p]) => isV2(p) && p.image),
    current: entries(values.plugins).filter(([, p]) => p.image),
  };
}

function hasCopiedPlugins(config: ResolvedConfig): boolean {
  const { legacy, current } = copiedPlugins(config);
  return legacy.length + current.length > 0;
}

/** Volume `plugins` of the control plane pod, when a plugin is copied into it. */
export function pluginVolumes(config: ResolvedConfig): Json[] {
  return hasCopiedPlugins(config) ? [{ name: PLUGINS_VOLUME, emptyDir: {} }] : [];
}

/** The syncer's mount of volume `plugins`, when a plugin is copied into it. */
export function pluginVolumeMounts(config: ResolvedConfig): Json[] {
  return hasCopiedPlugins(config) ? [{ mountPath: PLUGINS_PATH, name: PLUGINS_VOLUME }] : [];
}

/** The init containers that copy each plugin into volume `plugins`, before the distro's own. */
export function pluginInitContainers(config: ResolvedConfig): Json[] {
  const { legacy, current } = copiedPlugins(config);
  // The chart writes the legacy entry's securityContext even when it is unset; an unset one says nothing either way.
  return [...legacy, ...current].map(([key, plugin]) => ({
    image: imageName(config, plugin.image!),
    name: plugin.name || key,
    ...optional('imagePullPolicy', plugin.imagePullPolicy || undefined),
    ...(plugin.command?.length || plugin.args?.length
      ? { ...nonEmpty('command', plugin.command), ...nonEmpty('args', plugin.args) }
      : { command: ['sh'], args: ['-c', `cp -r /plugin ${PLUGINS_PATH}/${key}`] }),
    ...nonEmpty('securityContext', plugin.securityContext),
    volumeMounts: plugin.volumeMounts?.length ? plugin.volumeMounts : [{ mountPath: PLUGINS_PATH, name: PLUGINS_VOLUME }],
    ...nonEmpty('resources', plugin.resources),
  }));
}

/**
 * The legacy plugins that run as sidecars (`plugin.NAME` not of version v2). Each needs an image: the chart would
 * render a container without one, which the API server refuses, so it is refused here with its path.
 */
function sidecarPlugins(config: ResolvedConfig): [string, PluginValues][] {
  const sidecars = entries(chartValues(config).plugin).filter(([, p]) => !isV2(p));
  const missing = sidecars.filter(([, p]) => !p.image);
  if (missing.length > 0) {
    throw new ConfigError(missing.map(([key]) => ({
      path: `plugin.${key}.image`,
      message: 'a legacy plugin (version other than v2) runs as a sidecar container and needs an image: set it, or remove the plugin',
    })));
  }
  return sidecars;
}

/** Throws a ConfigError naming every plugin that cannot be rendered: checked before anything is rendered. */
export function validatePlugins(config: ResolvedConfig): void {
  sidecarPlugins(config);
}

/** The sidecars of legacy plugins, after the syncer. */
export function legacyPluginContainers(config: ResolvedConfig): Json[] {
  return sidecarPlugins(config).map(([key, plugin], index) => ({
    image: imageName(config, plugin.image!),
    name: plugin.name || key,
    ...optional('imagePullPolicy', plugin.imagePullPolicy || undefined),
    ...optional('workingDir', (plugin.workingDir as string) || undefined),
    ...nonEmpty('command', plugin.command),
    ...nonEmpty('args', plugin.args),
    ...optional('terminationMessagePath', (plugin.terminationMessagePath as string) || undefined),
    ...optional('terminationMessagePolicy', (plugin.terminationMessagePolicy as string) || undefined),
    env: [
      { name: 'VCLUSTER_PLUGIN_ADDRESS', value: `localhost:${LEGACY_PLUGIN_BASE_PORT + index}` },
      { name: 'VCLUSTER_PLUGIN_NAME', value: key },
      ...(plugin.env as Json[] | undefined) ?? [],
    ],
    // The chart writes these keys even when unset (as null): left out here, which means the same to the API server.
    ...nonEmpty('envFrom', plugin.envFrom),
    ...nonEmpty('securityContext', plugin.securityContext),
    ...nonEmpty('lifecycle', plugin.lifecycle),
    ...nonEmpty('livenessProbe', plugin.livenessProbe),
    ...nonEmpty('readinessProbe', plugin.readinessProbe),
    ...nonEmpty('startupProbe', plugin.startupProbe),
    ...nonEmpty('volumeDevices', plugin.volumeDevices),
    ...nonEmpty('volumeMounts', plugin.volumeMounts),
    ...nonEmpty('resources', plugin.resources),
  }));
}

