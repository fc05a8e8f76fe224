import { CHART_DEFAULTS } from '../../src/config';
import { chartReference } from '../support/chart-reference';

test('the library\'s chart defaults are vCluster chart v0.21.6\'s values.yaml, key for key', () => {
  expect(CHART_DEFAULTS).toStrictEqual(chartReference().values);
});

test('the chart defaults are frozen: every render shares them', () => {
  expect(Object.isFrozen(CHART_DEFAULTS.controlPlane.backingStore.etcd.deploy.statefulSet)).toBe(true);
});
