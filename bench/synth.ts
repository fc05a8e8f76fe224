/**
 * `npm run bench:synth`: synthesizing 100 control planes with the constructs, against the floor of creating the
 * same objects as raw ApiObjects (same JSON, no config or model) in the same process. Alternating rounds after a
 * warm-up; prints the median of each and the ratio (target: at most 1.2).
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { ControlPlane, EtcdCluster, SqlBackingStore } from '../src';
import { resolve } from '../src/config';
import { render, type KubeObject } from '../src/model';

const CONTROL_PLANES = 100;
const ROUNDS = 9;

/** A mix of stores, as a fleet would have. */
const storeOf = (i: number) => [SqlBackingStore.sqlite(), EtcdCluster.embedded(), EtcdCluster.deploy({ replicas: 3 })][i % 3];
const replicasOf = (i: number) => (i % 3 === 0 ? 1 : 3);

function withConstructs(): number {
  const app = new App({ outdir: '/dev/null' });
  const chart = new Chart(app, 'fleet', { namespace: 'tenants' });
  for (let i = 0; i < CONTROL_PLANES; i++) new ControlPlane(chart, `tenant-${i}`, { backingStore: storeOf(i), replicas: replicasOf(i) });
  return chart.toJson().length;
}

/** The same objects, rendered once up front, so the timed part is only what cdk8s itself costs. */
const precomputed: KubeObject[][] = Array.from({ length: CONTROL_PLANES }, (_, i) => {
  const app = new App({ outdir: '/dev/null' });
  const cp = new ControlPlane(new Chart(app, 'x', { namespace: 'tenants' }), `tenant-${i}`, { backingStore: storeOf(i), replicas: replicasOf(i) });
  return render(cp.config, { name: cp.name, namespace: cp.namespace });
});

function withRawApiObjects(): number {
  const app = new App({ outdir: '/dev/null' });
  const chart = new Chart(app, 'fleet', { namespace: 'tenants' });
  precomputed.forEach((objects, i) => objects.forEach((o) => new ApiObject(chart, `${i}-${o.kind}-${o.metadata.name}`, o as never)));
  return chart.toJson().length;
}

function time(fn: () => number): number {
  const start = process.hrtime.bigint();
  const count = fn();
  if (count === 0) throw new Error('nothing synthesized');
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  resolve({});
  for (let i = 0; i < 2; i++) {
    withConstructs();
    withRawApiObjects();
  }
  const constructs: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    constructs.push(time(withConstructs));
    raw.push(time(withRawApiObjects));
  }
  const c = median(constructs);
  const r = median(raw);
  console.log(`synth ${CONTROL_PLANES} control planes (median of ${ROUNDS} alternating rounds)`);
  console.log(`  constructs (config + model + cdk8s): ${c.toFixed(1)} ms`);
  console.log(`  raw ApiObjects (cdk8s only):         ${r.toFixed(1)} ms`);
  console.log(`  ratio: ${(c / r).toFixed(2)} (target <= 1.2)`);
}

main();
