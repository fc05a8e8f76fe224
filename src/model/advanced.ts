import type { ResolvedConfig } from '../config';

/** The `controlPlane.advanced` keys the model reads (outside the typed surface, read as the chart reads them). */
export interface AdvancedValues {
  readonly defaultImageRegistry?: string;
  readonly virtualScheduler?: { readonly enabled?: boolean };
  readonly serviceAccount?: { readonly name?: string };
  readonly globalMetadata?: { readonly annotations?: Record<string, string> };
}

/** `controlPlane.advanced` of the values, or nothing. */
export function advanced(config: ResolvedConfig): AdvancedValues {
  const cp = config.values.controlPlane as { advanced?: AdvancedValues } | undefined;
  return cp?.advanced ?? {};
}
