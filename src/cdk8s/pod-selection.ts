import type { Construct } from 'constructs';

/**
 * The part of a cdk8s-plus module (`import * as kplus from 'cdk8s-plus-33'`) that selects pods: `Pods.select` and
 * `Namespaces.select`. Typed by shape rather than by a cdk8s-plus package, so that any cdk8s-plus-2x fits (28 to
 * 33 are tested) and this library loads none: the selection is an object of the caller's own cdk8s-plus, which its
 * `NetworkPolicy` accepts.
 *
 * @typeParam TPods - the module's `Pods` (what `selectPods` returns)
 * @typeParam TNamespaces - the module's `Namespaces`
 */
export interface CdkPlusSelectors<TPods, TNamespaces> {
  /** cdk8s-plus's `Pods`: selects pods by label, in the given namespaces. */
  readonly Pods: {
    select(scope: Construct, id: string, options: { readonly labels?: Record<string, string>; readonly namespaces?: TNamespaces }): TPods;
  };
  /** cdk8s-plus's `Namespaces`: selects namespaces by name. */
  readonly Namespaces: {
    select(scope: Construct, id: string, options: { readonly names?: string[] }): TNamespaces;
  };
}
