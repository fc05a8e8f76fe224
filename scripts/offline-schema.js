// Preloaded by `npx projen import:k8s`: cdk8s-cli only knows how to download the Kubernetes schema, so its
// download helper is redirected to a local copy (K8S_SCHEMA_DIR/vX.Y.Z/_definitions.json).
const fs = require('fs');
const path = require('path');

const cliDir = path.dirname(require.resolve('cdk8s-cli/package.json', { paths: [process.cwd()] }));
const util = require(path.join(cliDir, 'lib', 'util.js'));
const download = util.download;
util.download = async (url) => {
  const match = /kubernetes-schemas\/v([0-9.]+)\/_definitions\.json$/.exec(url);
  if (!match) return download(url);
  const dir = process.env.K8S_SCHEMA_DIR;
  if (!dir) throw new Error('K8S_SCHEMA_DIR is not set: point it at a folder holding vX.Y.Z/_definitions.json');
  return fs.promises.readFile(path.join(dir, `v${match[1]}`, '_definitions.json'), 'utf-8');
};
