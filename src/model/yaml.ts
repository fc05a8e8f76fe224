import { stringify } from 'yaml';

/**
 * YAML text that every reader reads back as the same data. The `yaml` package writes YAML 1.2, where `yes`, `off`,
 * `1_000`, `1:20` or `2001-12-14` are plain strings; but kubectl and the syncer (go-yaml) read YAML 1.1, where
 * they are a bool, numbers and a timestamp, and a manifest with such a value where a string belongs is refused.
 * Writing with the YAML 1.1 schema as `compat` quotes every string that YAML 1.1 or 1.2 would read otherwise
 * (`0o17` too, an octal number only in 1.2), so the text means the same to both.
 */
export function toYaml(value: unknown, options: { readonly indentSeq?: boolean } = {}): string {
  return stringify(value, { lineWidth: 0, compat: 'yaml-1.1', ...options });
}
