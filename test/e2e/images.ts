import { chmodSync, mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { E2eEnvironment } from './environment';
import { RUNTIME_ENTRYPOINT, RUNTIME_IMAGE, runtimeEntrypointScript } from '../../src/contract';

/** An emulated image: the files it provides at its own paths, and its entry point. */
export interface EmulatedImage {
  /** Path inside the image -> file on this machine. */
  readonly files: Readonly<Record<string, string>>;
  /** The image's ENTRYPOINT, run when a container gives no command. */
  readonly entrypoint?: readonly string[];
}

/** The repository of an image reference, without registry port confusion and without tag or digest. */
export function repositoryOf(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
}

/**
 * Emulated images: each image the rendered pods name maps to the executables it would contain, taken from the
 * VCK_E2E_BIN folder, the machine (etcd from Debian) or this repository (the runtime image's `vck`). The image tag is
 * not looked at: the binaries are the pinned releases whatever tag the manifests carry.
 */
export function imageCatalog(env: E2eEnvironment): (image: string) => EmulatedImage {
  const shims = join(env.workDir, 'image-shims');
  mkdirSync(shims, { recursive: true });
  // The runtime image's entry point runs this repository's compiled CLI.
  const vck = join(shims, 'vck');
  writeFileSync(vck, runtimeEntrypointScript(process.execPath, join(env.repo, 'lib', 'src', 'cli', 'main.js')));
  chmodSync(vck, 0o755);
  const etcdFiles = { '/usr/local/bin/etcd': env.command('etcd'), '/usr/local/bin/etcdctl': env.command('etcdctl') };
  // The syncer image's entry point (loft-sh/vcluster v0.21.6 Dockerfile.release: ENTRYPOINT ["/vcluster", "start"]).
  const syncer: EmulatedImage = { files: { '/vcluster': env.binary('vcluster') }, entrypoint: ['/vcluster', 'start'] };
  const catalog: Record<string, EmulatedImage> = {
    'ghcr.io/loft-sh/vcluster-pro': syncer,
    'ghcr.io/loft-sh/vcluster-oss': syncer,
    'registry.k8s.io/kube-apiserver': { files: { '/usr/local/bin/kube-apiserver': env.binary('kube-apiserver') } },
    'registry.k8s.io/kube-controller-manager': { files: { '/usr/local/bin/kube-controller-manager': env.binary('kube-controller-manager') } },
    'registry.k8s.io/etcd': { files: etcdFiles },
    [`${RUNTIME_IMAGE.registry}/${RUNTIME_IMAGE.repository}`]: { files: { [RUNTIME_ENTRYPOINT]: vck, ...etcdFiles }, entrypoint: [RUNTIME_ENTRYPOINT] },
  };
  return (image) => {
    const emulated = catalog[repositoryOf(image)];
    if (!emulated) throw new Error(`image ${image} is not emulated by the end-to-end suite (known: ${Object.keys(catalog).join(', ')})`);
    return emulated;
  };
}
