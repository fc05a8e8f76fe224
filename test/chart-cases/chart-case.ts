import { resolve, type VClusterValues } from '../../src/config';
import { render, type KubeObject, type Release } from '../../src/model';

/**
 * Running a case of the vCluster chart's own unit tests (chart/tests/*_test.yaml at v0.21.6) against this library:
 * the same values in, the documents of one template out. helm-unittest's default release, `RELEASE-NAME` in
 * `NAMESPACE`, is no valid name here: the cases without a release of their own use its lowercase form.
 */
export const DEFAULT_RELEASE: Release = { name: 'release-name', namespace: 'namespace' };

/** The rendered objects of `kind` (what the chart's template of that kind renders), in render order. */
export function documentsOf(kind: string, values: VClusterValues | Record<string, unknown> = {}, release: Release = DEFAULT_RELEASE): any[] {
  return render(resolve(values as VClusterValues), release).filter((o: KubeObject) => o.kind === kind);
}
