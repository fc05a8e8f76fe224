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
  }
  if (!DNS_LABEL.test(release.namespace) || release.namespace.length > 63) {
    problems.push({
      path: fields.namespace,
      message: `namespace "${release.namespace}" must be a DNS label (lowercase letters, digits, -, at most 63 characters)`,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
