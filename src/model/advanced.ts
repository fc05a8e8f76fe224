import type { ControlPlaneAdvancedValues, ResolvedConfig } from '../config';

/** `controlPlane.advanced`, typed by its schema (src/config/surface), read as the chart reads it. */
export type AdvancedValues = NonNullable<ControlPlaneAdvancedValues>;

/** `controlPlane.advanced` of the values, or nothing. */
export function advanced(config: ResolvedConfig): AdvancedValues {
  const cp = config.values.controlPlane as { advanced?: AdvancedValues | null } | undefined;
  return cp?.advanced ?? {};
}
