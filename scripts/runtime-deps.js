// Run by the Dockerfile before `npm prune --omit=dev`: the runtime image serves `vck storage` and `vck etcd`, so the
// packages only they load (optional peers and dev dependencies of the library) become dependencies, pinned to the
// versions package-lock.json holds, so the prune keeps them and the lock file's whole tree.
const fs = require('fs');
const runtimePackages = require('./runtime-packages.json');

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf-8'));
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf-8'));
for (const name of Object.keys(runtimePackages)) {
  const locked = lock.packages[`node_modules/${name}`];
  if (!locked) throw new Error(`${name} is not in package-lock.json: run npm install and commit the lock file`);
  pkg.dependencies[name] = locked.version;
  for (const field of ['devDependencies', 'peerDependencies', 'peerDependenciesMeta']) delete pkg[field]?.[name];
}
fs.writeFileSync('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
