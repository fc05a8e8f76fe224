import { z } from 'zod';
import { bool, closed, str } from './shapes';

/** `networking`: Services replicated between the clusters, DNS rewrites and the cluster domain. */

/** A Service named `namespace/name` on one side, replicated as `namespace/name` on the other. */
const serviceMapping = closed({ from: str, to: str });

const resolveDNS = closed({
  hostname: str,
  service: str,
  namespace: str,
  target: closed({
    hostname: str,
    ip: str,
    hostService: str,
    hostNamespace: str,
    vClusterService: str,
  }),
});

export const networkingSchema = closed({
  replicateServices: closed({ toHost: z.array(serviceMapping), fromHost: z.array(serviceMapping) }),
  resolveDNS: z.array(resolveDNS),
  advanced: closed({
    clusterDomain: str,
    fallbackHostCluster: bool,
    proxyKubelets: closed({ byHostname: bool, byIP: bool }),
  }),
});
