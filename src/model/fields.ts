/** Building object fields the way the chart's templates do: a key is left out when there is nothing to say. */

/** `{ key: value }` when value is defined, else nothing: keeps absent settings out of the output. */
export function optional<T>(key: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [key]: value };
}

/** `{ key: value }` unless value is absent, an empty map or an empty list, as the chart's `if` and `with` blocks do. */
export function nonEmpty<T>(key: string, value: T | undefined | null): Record<string, T> {
  if (value === undefined || value === null) return {};
  if (typeof value === 'object' && Object.keys(value).length === 0) return {};
  return { [key]: value };
}
