import { ConfigError } from './errors';
import type { ConfigProblem } from './types';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Names derive from the release name: it leaves room for the longest suffix (`-etcd-headless`) in 63 characters. */
export const MAX_RELEASE_NAME_LENGTH = 52;

/**
 * Checks where a virtual cluster is installed. `fields` names the input each value came from (`name`, `--name`,
 * `the construct id`), so the error says what to change.
 */
export function validateRelease(release: { name: string; namespace: string }, fields = { name: 'name', namespace: 'namespace' }): void {
  const problems: ConfigProblem[] = [];
  if (!DNS_LABEL.test(release.name) || release.name.length > MAX_RELEASE_NAME_LENGTH) {
    problems.push({
      path: fields.name,
      message: `release name "${release.name}" must be a DNS label of at most ${MAX_RELEASE_NAME_LENGTH} characters `
        + '(lowercase letters, digits, -), so that NAME-etcd-headless fits in 63',
    });
  } else if (/^[0-9]/.test(release.name)) {
    // The chart of vCluster v0.21.6 names Service NAME after the release as it is (a `vc-` prefix for such names was
    // added and taken out again before v0.21.0), and its syncer looks the Service up by that name.
    problems.push({
      path: fields.name,
      message: `release name "${release.name}" must start with a letter: it names Service ${release.name}, and a Service name `
        + `cannot start with a digit (e.g. use "vc-${release.name}")`,
    });
  }
  if (!DNS_LABEL.test(release.namespace) || release.namespace.length > 63) {
    problems.push({
      path: fields.namespace,
      message: `namespace "${release.namespace}" must be a DNS label (lowercase letters, digits, -, at most 63 characters)`,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
