#!/usr/bin/env bash
# The deploy story run for real (`pnpm test:compose`): the three images built from this checkout,
# docker-compose.yml brought up, a release rolled, a broken release refused. It checks:
#   1. postgres healthy → migrator exits 0 → api and worker start (container start times prove
#      the order); /health/ready answers 200
#   2. through the API: a webhook channel to a sink on 127.0.0.1, subscribers, a publication due
#      now → the worker delivers, every signature verifies, the publication ends `completed`
#   3. `down` then `up` keeps the data; the migrator's second run applies nothing
#   4. a release with one more migration (the history mounted into the same images): the migrator
#      applies it while the old API keeps answering (a request loop sees only 200s), then the new
#      API reports ready
#   5. a release whose migration fails: the migrator exits non-zero, the new api and worker are not
#      started, the old ones keep serving
#   6. each image runs as a non-root user; prints each image's size, its base's and what it adds,
#      and fails when one is over its target (migrator 200 MB, api and worker 300 MB each)
# plus the migrator image's other commands (status, plan, check, rollback --help) and, in release 2,
# a data step (data.ts, compiled by jiti in the image). It prints the time from `up` to ready.
# Needs root-level access to a Docker engine (started here when none answers: dockerd
# --iptables=false --bridge=none) and `docker compose` or `docker-compose`. Without a reachable
# registry the bases are built as replicas of the official ones from Debian and npm packages
# (scripts/compose-e2e/local-bases.sh) and kept for the next run. Containers use the host's
# network on ports of their own, and only 127.0.0.1 is spoken to. Everything the run creates
# (containers, volume, app images) is removed at the end.
#
# Settings: COMPOSE_E2E_BUDGET (seconds, 600), COMPOSE_E2E_LOCAL_BASES=1 (skip trying to pull),
# E2E_POSTGRES_PORT (55432), E2E_API_PORT (58080), E2E_API_METRICS_PORT (58464),
# E2E_WORKER_METRICS_PORT (58465), COMPOSE_E2E_KEEP=1 (leave the stack up to look at it).
set -Eeuo pipefail
cd "$(dirname "$0")/.."

BUDGET=${COMPOSE_E2E_BUDGET:-600}
export E2E_POSTGRES_PORT=${E2E_POSTGRES_PORT:-55432} E2E_API_PORT=${E2E_API_PORT:-58080}
export E2E_API_METRICS_PORT=${E2E_API_METRICS_PORT:-58464}
export E2E_WORKER_METRICS_PORT=${E2E_WORKER_METRICS_PORT:-58465}
OFFICIAL_NODE_IMAGE=node:20-bookworm-slim
OFFICIAL_RUNTIME_IMAGE=debian:bookworm-slim
OFFICIAL_POSTGRES_IMAGE=postgres:17-bookworm
# Version the recipe in the tag: a changed local-bases.sh must not reuse an old base.
LOCAL_NODE_IMAGE=publishing-e2e-base/node:20-bookworm-2
LOCAL_RUNTIME_IMAGE=publishing-e2e-base/debian:bookworm-slim-1
LOCAL_POSTGRES_IMAGE=publishing-e2e-base/postgres:17-trixie-1
# Image size targets (MB, as `docker images` counts them: 1,000,000 bytes).
declare -A SIZE_TARGET_MB=([migrator]=200 [api]=300 [worker]=300)
DATABASE_URL_ON_HOST=postgresql://publishing:publishing@127.0.0.1:${E2E_POSTGRES_PORT}/publishing
API=http://127.0.0.1:${E2E_API_PORT}
CHECKS=scripts/compose-e2e/checks.cjs

say() { printf '\n== %s\n' "$*"; }

# ---- the outer process: runs the test under its budget, then always cleans up.
if [ "${1:-}" != --inside-budget ]; then
  export E2E_TAG=e2e-$$ E2E_PROJECT=publishing-e2e-$$
  E2E_WORK=$(mktemp -d)
  export E2E_WORK
  status=0
  timeout --kill-after=20 "$BUDGET" "$0" --inside-budget || status=$?
  [ "$status" -eq 124 ] && echo "compose e2e: FAILED: over its budget of ${BUDGET} s" >&2
  if [ "${COMPOSE_E2E_KEEP:-}" = 1 ]; then
    echo "COMPOSE_E2E_KEEP=1: project ${E2E_PROJECT} left up (remove: docker rm -f \$(docker ps -aq --filter label=com.docker.compose.project=${E2E_PROJECT}))"
  else
    timeout 120 bash -c '
      containers=$(docker ps -aq --filter "label=com.docker.compose.project=$E2E_PROJECT")
      [ -z "$containers" ] || docker rm -f $containers >/dev/null
      volumes=$(docker volume ls -q --filter "label=com.docker.compose.project=$E2E_PROJECT")
      [ -z "$volumes" ] || docker volume rm $volumes >/dev/null
      for app in migrator api worker; do docker rmi "publishing-$app:$E2E_TAG" >/dev/null 2>&1 || true; done
      docker image prune --force --filter "label=publishing-e2e=$E2E_TAG" >/dev/null 2>&1 || true
    ' || echo "compose e2e: cleaning up project ${E2E_PROJECT} failed" >&2
  fi
  rm -rf "$E2E_WORK"
  [ "$status" -eq 0 ] && echo "compose e2e: PASSED" || echo "compose e2e: FAILED (exit $status)" >&2
  exit "$status"
fi

# ---- the test itself, under `timeout`.
compose_files=(-f docker-compose.yml -f scripts/compose-e2e/compose.host-network.yml)
touch "$E2E_WORK/empty.env"
# The files merged into one, minus the ports docker-compose.yml publishes (refused on the host's
# network); written again whenever the files or the E2E_* variables change.
write_config() {
  "${COMPOSE[@]}" --env-file "$E2E_WORK/empty.env" -p "$E2E_PROJECT" "${compose_files[@]}" config |
    node scripts/compose-e2e/host-network-config.cjs >"$E2E_WORK/compose.yml"
}
compose() {
  # An empty env file: a developer's .env must not change what is tested.
  "${COMPOSE[@]}" --env-file "$E2E_WORK/empty.env" -p "$E2E_PROJECT" -f "$E2E_WORK/compose.yml" "$@"
}
container() { compose ps -q "$1"; }

print_logs() {
  [ -n "${COMPOSE:-}" ] && [ -f "$E2E_WORK/compose.yml" ] || return 0
  for service in postgres migrator api worker; do
    echo "---- logs of $service (last 60 lines)" >&2
    compose logs --no-color --tail=60 "$service" >&2 2>&1 || true
  done
}
fail() {
  echo "compose e2e: FAILED: $*" >&2
  # Inside $(…) the caller fails next and prints the logs once.
  [ "$BASH_SUBSHELL" -gt 0 ] || print_logs
  exit 1
}
trap 'fail "line $LINENO: \`$BASH_COMMAND\` exited with $?"' ERR

# -- the engine and the compose tool
if ! docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null || fail "no Docker engine answers and dockerd is not installed (apt-get install -y docker.io)"
  say "starting dockerd (log: /var/log/compose-e2e-dockerd.log)"
  # Its own session: it outlives this run, and `timeout` signals only this run's process group.
  setsid nohup dockerd --iptables=false --bridge=none >/var/log/compose-e2e-dockerd.log 2>&1 &
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || fail "dockerd did not answer within 60 s: see /var/log/compose-e2e-dockerd.log"
fi
if docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose)
elif command -v docker-compose >/dev/null; then
  COMPOSE=(docker-compose)
else
  fail "neither \`docker compose\` nor \`docker-compose\` is installed (apt-get install -y docker-compose)"
fi
for port in "$E2E_POSTGRES_PORT" "$E2E_API_PORT" "$E2E_API_METRICS_PORT" "$E2E_WORKER_METRICS_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port on 127.0.0.1 is taken: free it or choose others (E2E_*_PORT)"
  fi
done

# -- base images: the official ones when the registry answers, else local ones from Debian
node_image=$OFFICIAL_NODE_IMAGE runtime_image=$OFFICIAL_RUNTIME_IMAGE postgres_image=$OFFICIAL_POSTGRES_IMAGE
have_official() {
  [ "${COMPOSE_E2E_LOCAL_BASES:-}" != 1 ] || return 1
  for image in "$OFFICIAL_NODE_IMAGE" "$OFFICIAL_RUNTIME_IMAGE" "$OFFICIAL_POSTGRES_IMAGE"; do
    docker image inspect "$image" >/dev/null 2>&1 || timeout 120 docker pull -q "$image" >/dev/null 2>&1 || return 1
  done
}
if ! have_official; then
  say "no registry: local replicas of the base images, from Debian and npm packages (kept between runs)"
  node_image=$LOCAL_NODE_IMAGE runtime_image=$LOCAL_RUNTIME_IMAGE postgres_image=$LOCAL_POSTGRES_IMAGE
  scripts/compose-e2e/local-bases.sh "$node_image" "$postgres_image" "$runtime_image" ||
    fail "building the local base images failed"
fi
export POSTGRES_IMAGE=$postgres_image
echo "bases: $node_image, $runtime_image (the migrator's), $postgres_image"

# -- the three images (host network: the engine has no bridge for build containers)
say "building the migrator, api and worker images"
# BuildKit (buildx, or a client with it built in, as Debian's 20.10) builds only a target's stages;
# the legacy builder builds every stage before it, so the worker, last in the file, goes first.
build=(env DOCKER_BUILDKIT=0 docker build)
for client in $(type -ap docker); do
  if DOCKER_BUILDKIT=1 "$client" build --help >/dev/null 2>&1; then
    build=(env DOCKER_BUILDKIT=1 "$client" build)
    break
  fi
done
build_started=$SECONDS
for target in worker api migrator; do
  "${build[@]}" --network host --build-arg "NODE_IMAGE=$node_image" --build-arg "RUNTIME_IMAGE=$runtime_image" \
    --label "publishing-e2e=$E2E_TAG" \
    --target "$target" -t "publishing-$target:$E2E_TAG" . >"$E2E_WORK/build-$target.log" 2>&1 || {
    tail -n 60 "$E2E_WORK/build-$target.log" >&2
    fail "docker build --target $target failed"
  }
done
build_seconds=$((SECONDS - build_started))
echo "built in ${build_seconds} s"
pnpm turbo run build --filter=@publishing/channels --output-logs=errors-only >/dev/null

# -- 6. non-root users and sizes (a missed size target fails the run at the end, after the rest)
say "6. users and sizes"
megabytes() { docker image inspect -f '{{.Size}}' "$1" | awk '{ printf "%.0f", $1 / 1000000 }'; }
declare -A base_of=([migrator]=$runtime_image [api]=$node_image [worker]=$node_image)
size_misses=()
size_line() { # <app>: total, base, above the base, against the target
  local app=$1 image=publishing-$1:$E2E_TAG base=${base_of[$1]} target=${SIZE_TARGET_MB[$1]}
  local size base_size
  size=$(megabytes "$image") base_size=$(megabytes "$base")
  local verdict="target ≤ ${target} MB: met"
  [ "$size" -le "$target" ] || verdict="target ≤ ${target} MB: MISSED"
  echo "publishing-$app: ${size} MB = ${base_size} MB base ($base) + $((size - base_size)) MB above it; $verdict"
}
for app in migrator api worker; do
  image=publishing-$app:$E2E_TAG
  user=$(docker image inspect -f '{{.Config.User}}' "$image")
  uid=$(docker run --rm --network none --entrypoint id "$image" -u)
  [ -n "$user" ] && [ "$uid" != 0 ] || fail "$image runs as root (USER '$user', uid $uid)"
  echo "$image: user $user (uid $uid)"
  line=$(size_line "$app")
  echo "$line"
  [[ $line != *MISSED ]] || size_misses+=("$line")
done

# -- 1. the deploy order
say "1. up: postgres (healthy) → migrator (exit 0) → api, worker"
write_config
up_started=$(date +%s%N)
events_since=$(($(date +%s) - 1))
compose up -d >"$E2E_WORK/up.log" 2>&1 || { cat "$E2E_WORK/up.log" >&2; fail "\`compose up\` failed"; }
node "$CHECKS" ready "$API" 120 >/dev/null || fail "the API never became ready"
up_to_ready_ms=$((($(date +%s%N) - up_started) / 1000000))
echo "from \`up\` to /health/ready 200: ${up_to_ready_ms} ms"
docker events --since "$events_since" --until "$(date +%s)" --format '{{json .}}' \
  --filter type=container --filter "label=com.docker.compose.project=$E2E_PROJECT" \
  --filter event=start --filter event=die --filter event=health_status |
  node "$CHECKS" order || fail "the containers did not start in the deploy order"

# -- the migrator image's other commands, as docs/operations.md has them run (as deploy/k8s runs it)
say "the migrator image: status, plan, rollback --help, check"
migrator_run() { # <expected exit> <expected text> <docker run options and args…>
  local expected=$1 text=$2 output status=0
  shift 2
  local given="$*"
  local shown=${given##*"$migrator_image" }
  output=$(docker run --rm --network host --user 1000:1000 --read-only --tmpfs /tmp --cap-drop ALL \
    --security-opt no-new-privileges:true "$@" 2>&1) || status=$?
  if [ "$status" -ne "$expected" ] || [[ $output != *"$text"* ]]; then
    printf '%s\n' "$output" | tail -n 20 >&2
    fail "the migrator image, $shown: exit $status (expected $expected), output without '$text'"
  fi
  echo "  ✔ $shown: exit $status, '$text'"
}
migrator_image=publishing-migrator:$E2E_TAG
migrator_run 0 'Status: at head.' -e "DATABASE_URL=$DATABASE_URL_ON_HOST" "$migrator_image" status
migrator_run 0 'deploy would run nothing' -e "DATABASE_URL=$DATABASE_URL_ON_HOST" "$migrator_image" plan
migrator_run 0 '--dry-run' "$migrator_image" rollback --help
# No embedded PostgreSQL in the image: check says which server to give it, then runs on that one.
migrator_run 2 'Set CHECK_DATABASE_URL=' "$migrator_image" check
migrator_run 0 'Check passed.' \
  -e "CHECK_DATABASE_URL=${DATABASE_URL_ON_HOST%/publishing}/postgres" "$migrator_image" check

# -- 2. a delivery, signed
say "2. a publication delivered through the worker"
# In the running API container (`compose run` cannot: host networking refuses its links).
api_key=$(compose exec -T api node apps/api/dist/cli/api-keys.js create --name compose-e2e --json |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).key))')
[ -n "$api_key" ] || fail "no API key was created"
node "$CHECKS" deliver "$API" "$api_key" "$E2E_WORK/delivered.json" || fail "the delivery check failed"
publication_id=$(node -p 'require(process.argv[1]).publication_id' "$E2E_WORK/delivered.json")

# -- 3. down and up keep the data
say "3. down, up: the data stays, the second migration run is a no-op"
applied_count() {
  compose exec -T postgres psql -U publishing -d publishing -tAc \
    'SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL'
}
applied_before=$(applied_count)
compose down --timeout 30 >/dev/null 2>&1
compose up -d >"$E2E_WORK/up.log" 2>&1 || { cat "$E2E_WORK/up.log" >&2; fail "the second \`compose up\` failed"; }
node "$CHECKS" ready "$API" 120 >/dev/null || fail "the API was not ready after down/up"
compose logs --no-color migrator | grep -q 'Nothing to do' || fail "the second migrator run did something"
[ "$(applied_count)" = "$applied_before" ] || fail "applied migrations changed across down/up"
node "$CHECKS" publication "$API" "$api_key" "$publication_id" completed || fail "the data did not survive down/up"

# -- 4. a release with one more migration, the old API answering meanwhile
new_release() { # <number> <from dir> <folder name> <migration.sql> <down.sql> [data.ts]
  local dir=$E2E_WORK/release-$1
  cp -r "$2" "$dir"
  mkdir "$dir/$3"
  printf '%s\n' "$4" >"$dir/$3/migration.sql"
  printf '%s\n' "$5" >"$dir/$3/down.sql"
  [ -z "${6:-}" ] || printf '%s\n' "$6" >"$dir/$3/data.ts"
  chmod -R a+rwX "$dir"
  docker run --rm --network none -v "$dir:/migrations" "publishing-migrator:$E2E_TAG" \
    hash --migrations /migrations >/dev/null || fail "hashing the history of release $1 failed"
  echo "$dir"
}
start_loop() { # <name>: GET /health/ready until the stop file appears
  rm -f "$E2E_WORK/stop-$1"
  node "$CHECKS" loop "$API/health/ready" "$E2E_WORK/stop-$1" 240 >"$E2E_WORK/loop-$1.log" 2>&1 &
  loop_pid=$!
}
stop_loop() { # <name>
  touch "$E2E_WORK/stop-$1"
  local status=0
  wait "$loop_pid" || status=$?
  cat "$E2E_WORK/loop-$1.log"
  [ "$status" -eq 0 ] || fail "the old API did not answer every request during $1"
}
migrator_exit() { docker wait "$(container migrator)"; }

say "4. release 2: one more migration, with a data step, while the old API serves"
export E2E_RELEASE=2
E2E_RELEASE_MIGRATIONS=$(new_release 2 prisma/migrations 99990101000000_compose_e2e_release \
  'CREATE TABLE "publishing_compose_e2e_release" ("id" INTEGER NOT NULL PRIMARY KEY);' \
  'DROP TABLE "publishing_compose_e2e_release";' \
  "import { defineDataMigration } from '@publishing/db/data-migration';

export default defineDataMigration({
  mode: 'transaction',
  blocking: false,
  async up(ctx) {
    await ctx.sql\`INSERT INTO \"publishing_compose_e2e_release\" (\"id\") VALUES (\${1})\`;
  },
  async down(ctx) {
    await ctx.sql\`DELETE FROM \"publishing_compose_e2e_release\"\`;
  },
});")
export E2E_RELEASE_MIGRATIONS
old_api=$(container api)
compose_files+=(-f scripts/compose-e2e/compose.release.yml)
write_config
start_loop migration
compose up -d migrator >"$E2E_WORK/up.log" 2>&1 || { cat "$E2E_WORK/up.log" >&2; fail "starting the release's migrator failed"; }
[ "$(migrator_exit)" = 0 ] || fail "the release's migrator failed"
stop_loop migration
compose logs --no-color migrator | grep -q 'Applied 1 migration' || fail "the release's migration was not applied"
compose logs --no-color migrator | grep -q 'with its data step (transaction)' ||
  fail "the release's data step did not run"
[ "$(compose exec -T postgres psql -U publishing -d publishing -tAc 'SELECT count(*) FROM publishing_compose_e2e_release')" = 1 ] ||
  fail "the release's data step did not insert its row"
[ "$(applied_count)" = $((applied_before + 1)) ] || fail "the release did not add one applied migration"
compose up -d >"$E2E_WORK/up.log" 2>&1 || { cat "$E2E_WORK/up.log" >&2; fail "rolling out release 2 failed"; }
node "$CHECKS" ready "$API" 120 >/dev/null || fail "the new API did not become ready"
new_api=$(container api)
[ "$new_api" != "$old_api" ] || fail "the API container was not replaced by release 2's"
echo "release 2's API ($(docker inspect -f '{{.Config.Labels}}' "$new_api" | grep -o 'e2e.release:[0-9]*')) is ready"

# -- 5. a release whose migration fails
say "5. release 3: a failing migration stops the rollout, the old API and worker keep serving"
export E2E_RELEASE=3
E2E_RELEASE_MIGRATIONS=$(new_release 3 "$E2E_RELEASE_MIGRATIONS" 99990102000000_compose_e2e_failing \
  'INSERT INTO "publishing_compose_e2e_missing" VALUES (1);' 'SELECT 1;')
write_config
old_api=$(container api) old_worker=$(container worker)
start_loop failed-release
compose_status=0
compose up -d >"$E2E_WORK/up.log" 2>&1 || compose_status=$?
stop_loop failed-release
migrator_status=$(migrator_exit)
echo "compose up exited $compose_status, the migrator $migrator_status"
[ "$compose_status" -ne 0 ] || fail "\`compose up\` succeeded although the migration failed"
[ "$migrator_status" -ne 0 ] || fail "the failing migration's migrator exited 0"
[ "$(container api)" = "$old_api" ] && [ "$(container worker)" = "$old_worker" ] ||
  fail "release 3's api or worker replaced the old ones"
for old in "$old_api" "$old_worker"; do
  [ "$(docker inspect -f '{{.State.Running}}' "$old")" = true ] || fail "an old container stopped: $old"
done
node "$CHECKS" ready "$API" 10 >/dev/null || fail "the old API is not ready after the failed release"
node "$CHECKS" publication "$API" "$api_key" "$publication_id" completed || fail "the old API does not serve"

say "summary"
for app in migrator api worker; do size_line "$app"; done
echo "the three images built in ${build_seconds} s; from \`up\` to /health/ready 200: ${up_to_ready_ms} ms"
if [ "${#size_misses[@]}" -gt 0 ]; then
  echo "compose e2e: FAILED: image size targets missed:" >&2
  printf '  %s\n' "${size_misses[@]}" >&2
  exit 1
fi
