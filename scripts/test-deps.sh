#!/usr/bin/env bash
# Installs the real servers the integration tests run against, from Debian's packages, when they are missing.
# The tests start and stop their own instances on 127.0.0.1; nothing here starts a system service.
set -euo pipefail

need=()
command -v etcd >/dev/null 2>&1 || need+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || need+=(etcd-client)
[ -x "$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | tail -n 1)" ] || need+=(postgresql)
command -v mariadbd >/dev/null 2>&1 || need+=(mariadb-server)
command -v openssl >/dev/null 2>&1 || need+=(openssl)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test-deps: missing ${need[*]}; install them with: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "test-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # policy-rc.d keeps the packages from starting system-wide services: the tests run their own.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# etcd 3.5, the minor the runtime image ships (its snapshot restores moved to etcdutl), beside Debian 12's 3.4: Debian
# 13's etcd-server and etcd-client, fetched by apt (which checks the archive's signatures) with a private source list
# and state, then unpacked into the project's node_modules cache. Nothing is installed on the machine.
etcd35="$(cd "$(dirname "$0")/.." && pwd)/node_modules/.cache/vck-test/etcd-3.5"
if [ ! -x "$etcd35/usr/bin/etcdutl" ]; then
  echo "test-deps: unpacking Debian 13's etcd 3.5 into $etcd35"
  apt_dir="$(mktemp -d)"
  trap 'rm -rf "$apt_dir"' EXIT
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
  echo 'deb http://deb.debian.org/debian trixie main' > "$apt_dir/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o Dir::State::status=/dev/null
    -o APT::Sandbox::User=root -o "APT::Architectures=$(dpkg --print-architecture)")
  apt-get "${apt_opts[@]}" -qq update
  (cd "$apt_dir/debs" && apt-get "${apt_opts[@]}" -qq download etcd-server etcd-client)
  rm -rf "$etcd35.partial" && mkdir -p "$etcd35.partial"
  for deb in "$apt_dir"/debs/*.deb; do dpkg-deb -x "$deb" "$etcd35.partial"; done
  "$etcd35.partial/usr/bin/etcd" --version | head -n 1
  rm -rf "$etcd35" && mv "$etcd35.partial" "$etcd35"
fi
