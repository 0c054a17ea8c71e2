#!/usr/bin/env bash
# Builds the two base images the compose e2e needs when no registry is reachable, from Debian
# packages (debootstrap, Debian trixie: nodejs 20.19 and PostgreSQL 17), unless they exist already:
#   $1  a Node image like node:20-bookworm-slim: node, npm, a `node` user (uid 1000), CA certificates
#   $2  a PostgreSQL 17 image like postgres:17-bookworm (entry point: postgres-entrypoint.sh)
# npm is not Debian's package (it pulls in a compiler toolchain) but npm's own registry tarball,
# as in the official Node images. The host's own certificate authorities (update-ca-certificates'
# /usr/local/share/ca-certificates, e.g. a TLS-inspecting proxy's) are trusted in the Node base
# too, or npm and pnpm cannot reach the registry during the build where the host can.
# Needs root, debootstrap, a Debian mirror and the npm registry.
set -euo pipefail
node_image=$1
postgres_image=$2
here=$(cd "$(dirname "$0")" && pwd)
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
NPM_VERSION=${LOCAL_BASE_NPM_VERSION:-10.8.2}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bootstrap() { # <dir> <packages>
  local log=$1.log
  if ! debootstrap --variant=minbase --include="$2" trixie "$1" "$MIRROR" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    [ -f "$1/debootstrap/debootstrap.log" ] && tail -n 30 "$1/debootstrap/debootstrap.log" >&2
    echo "debootstrap of $2 failed: check that $MIRROR is reachable (DEBIAN_MIRROR picks another)" >&2
    exit 1
  fi
  # What the official slim images leave out as well.
  rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/* "$1"/usr/share/doc/* \
    "$1"/usr/share/man/* "$1"/usr/share/info/* "$1"/usr/share/locale/*
}

build_node_base() {
  echo "building the local base $node_image (debootstrap trixie: nodejs, npm $NPM_VERSION)"
  local root=$work/node
  bootstrap "$root" nodejs,ca-certificates
  (cd "$work" && npm pack --silent "npm@$NPM_VERSION" >/dev/null)
  mkdir -p "$root/usr/local/lib/node_modules/npm"
  tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
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

build_postgres_base() {
  echo "building the local base $postgres_image (debootstrap trixie: postgresql-17)"
  local root=$work/postgres
  bootstrap "$root" postgresql-17
  install -m 0755 "$here/postgres-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/lib/postgresql/17/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV PGDATA=/var/lib/postgresql/data' \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
    --change 'EXPOSE 5432' - "$postgres_image" >/dev/null
}

# Both at once: each is mostly waiting on the mirror.
pids=()
docker image inspect "$node_image" >/dev/null 2>&1 || { build_node_base & pids+=($!); }
docker image inspect "$postgres_image" >/dev/null 2>&1 || { build_postgres_base & pids+=($!); }
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit "$status"
