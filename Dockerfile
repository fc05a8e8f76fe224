# The runtime image: `vck storage` and `vck etcd`, with the etcd binaries the etcd manager runs.
FROM registry.k8s.io/etcd:3.5.15-0 AS etcd

FROM node:20-bookworm-slim AS build
WORKDIR /src
# better-sqlite3 builds its native addon here when no prebuilt one matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The locked tree, with no install script yet: only the packages the image keeps are built (npm rebuild below).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc --build
# The runtime's packages are optional peers of the library: here they become dependencies at the lock file's
# versions, everything else that is dev-only goes, then the install scripts of what is left run (better-sqlite3).
COPY scripts/runtime-packages.json scripts/runtime-deps.js ./scripts/
RUN node scripts/runtime-deps.js && npm prune --omit=dev --ignore-scripts --no-audit --no-fund && npm rebuild
# The entry point, with the Node.js options the runtime's processes start with (src/contract.ts says which and why).
RUN node -e "process.stdout.write(require('./lib/src/contract').runtimeEntrypointScript('node', '/opt/vck/lib/src/cli/main.js'))" > vck \
 && chmod 0755 vck

FROM node:20-bookworm-slim
COPY --from=etcd /usr/local/bin/etcd /usr/local/bin/etcdctl /usr/local/bin/etcdutl /usr/local/bin/
COPY --from=build /src/node_modules /opt/vck/node_modules
COPY --from=build /src/lib /opt/vck/lib
COPY --from=build /src/package.json /opt/vck/package.json
COPY --from=build /src/vck /usr/local/bin/vck
RUN useradd --uid 65532 --no-create-home --shell /usr/sbin/nologin vck
# Non-root by default; the control plane pod runs the store with the syncer's uid (see docs/runtime-contract.md).
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/vck"]
