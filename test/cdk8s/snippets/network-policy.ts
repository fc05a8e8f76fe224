/**
 * What a cdk8s-plus user writes: the control plane pods as a NetworkPolicy's selector and peer. Written against
 * the newest supported cdk8s-plus; `select-pods.test.ts` type-checks and runs it with each supported cdk8s-plus in
 * that module's place.
 */
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { ControlPlane } from '../../../src';

/** Synthesizes a chart of a control plane whose pods may reach its etcd ports only from each other. */
export function synthNetworkPolicy(): any[] {
  const chart = Testing.chart();
  const controlPlane = new ControlPlane(chart, 'tenant-a', { namespace: 'tenants' });
  const pods = controlPlane.selectPods(chart, 'control-plane-pods', kplus);
  new kplus.NetworkPolicy(chart, 'etcd-peers', {
    selector: pods,
    ingress: { rules: [{ peer: pods, ports: [kplus.NetworkPolicyPort.tcp(2379)] }] },
  });
  return Testing.synth(chart);
}
