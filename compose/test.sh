#!/usr/bin/env bash
# Brings compose/compose.yaml up with podman-compose the way the README tells operators to, and checks the mesh it
# makes: every service healthy, `samenctl health --all-regions` from the host (through compose/mesh.json) and from
# inside a container, a call to every agency service, a service's process killed inside its container and back with
# its data, an online backup restored into the stopped service, no container able to read another's key, and a stop
# in which every service drains and exits 0. Cleans up after itself (its own compose project, volumes and network)
# and ends with `N passed, M failed`.
#
#   compose/test.sh          (as root; needs podman, podman-compose; builds the image with build-image.sh if missing)
#
# podman-compose 1.0.3's own exit codes say nothing (it returns 0 when everything failed), so every state is read
# from podman itself; without systemd podman runs no health checks on its own, so `podman healthcheck run` drives
# them. Every wait is bounded; the whole run takes about two minutes on a small machine once the image exists.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

export CONTAINERS_CONF=${CONTAINERS_CONF:-$repo/compose/containers.conf}
project=${SAMEN_COMPOSE_PROJECT:-samentest}
file=compose/compose.yaml
image=localhost/samen:latest
ctl=${SAMENCTL:-$repo/.build/release/samenctl}
compose=(timeout 300 podman-compose -p "$project" -f "$file")
services=(registry-gent intake-gent trajectory-gent tolkdienst-gent verenigingen-gent reporting-gent
          registry-antwerpen intake-antwerpen trajectory-antwerpen tolkdienst-antwerpen verenigingen-antwerpen reporting-antwerpen)
ports=(7100 7101 7102 7103 7104 7105 7200 7201 7202 7203 7204 7205)
started=$SECONDS
passed=0
failed=0
home=$(mktemp -d /tmp/samen-compose-test.XXXXXX)
logs=$home/logs
mkdir -p "$logs"

say() { printf '[%4ds] %s\n' "$((SECONDS - started))" "$*"; }
pass() { passed=$((passed + 1)); say "ok   $*"; }
fail() { failed=$((failed + 1)); say "FAIL $*"; }
# check "what" command...: passes when the command exits 0; its output goes to the log folder.
check() {
  local what=$1; shift
  local log="$logs/$passed-$failed.log"
  if "$@" >"$log" 2>&1; then pass "$what"; else fail "$what (exit $?): $(tail -c 600 "$log" | tr '\n' ' ')"; fi
}
container() { echo "${project}_$1_1"; }
state() { podman inspect --format "$1" "$(container "$2")" 2>/dev/null; }

cleanup() {
  say "cleaning up"
  "${compose[@]}" down -t 20 -v >"$logs/down-cleanup.log" 2>&1
  # podman-compose 1.0.3 leaves the network and, after a failed start, volumes behind.
  podman network rm -f "${project}_default" >/dev/null 2>&1
  podman volume ls -q --filter "label=io.podman.compose.project=$project" | xargs -r podman volume rm -f >/dev/null 2>&1
  podman volume ls -q | grep "^${project}_" | xargs -r podman volume rm -f >/dev/null 2>&1
  rm -rf "$home"
}

finish() {
  say "done in $((SECONDS - started)) s"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

# --- preconditions --------------------------------------------------------------------------------------------------
for tool in podman podman-compose; do
  command -v "$tool" >/dev/null || { echo "compose/test.sh needs $tool"; fail "$tool installed"; finish; exit 1; }
done
for port in "${ports[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port 127.0.0.1:$port is free (something listens there: stop it, e.g. another compose or samen up)"
    finish; exit 1
  fi
done
if ! podman image exists "$image"; then
  say "no $image: building it with compose/build-image.sh"
  timeout 3600 compose/build-image.sh || { fail "compose/build-image.sh"; finish; exit 1; }
fi
[ -x "$ctl" ] || { say "building samenctl for the host"; timeout 1800 swift build -c release --product samenctl >/dev/null || true; }
[ -x "$ctl" ] || { fail "samenctl for the host at $ctl"; finish; exit 1; }
trap cleanup EXIT
# Left over from an interrupted run.
"${compose[@]}" down -t 5 -v >"$logs/down-before.log" 2>&1
podman network rm -f "${project}_default" >/dev/null 2>&1

# --- keys, then the services ----------------------------------------------------------------------------------------
say "pki step"
"${compose[@]}" up -d pki >"$logs/up-pki.log" 2>&1
# podman-compose 1.0.3 ignores `condition: service_completed_successfully`, so the pki step is awaited here.
timeout 120 podman wait "$(container pki)" >/dev/null 2>&1
check "the pki step exited 0" test "$(state '{{.State.ExitCode}}' pki)" = 0

say "up"
up_started=$SECONDS
"${compose[@]}" up -d >"$logs/up.log" 2>&1
for name in "${services[@]}"; do
  check "$name is running" test "$(state '{{.State.Running}}' "$name")" = true
done

# Bounded: every service healthy within 120 s (podman runs no checks on its own without systemd).
wait_healthy() {
  local deadline=$((SECONDS + $1)); shift
  local pending=("$@")
  while [ ${#pending[@]} -gt 0 ] && [ $SECONDS -lt $deadline ]; do
    local still=()
    for name in "${pending[@]}"; do
      timeout 20 podman healthcheck run "$(container "$name")" >/dev/null 2>&1 || still+=("$name")
    done
    pending=("${still[@]}")
    [ ${#pending[@]} -eq 0 ] || sleep 1
  done
  [ ${#pending[@]} -eq 0 ] || { echo "not healthy: ${pending[*]}"; return 1; }
}
check "every service healthy (podman healthcheck run) within 120 s" wait_healthy 120 "${services[@]}"
say "healthy $((SECONDS - up_started)) s after up"

# --- from the host and from inside ----------------------------------------------------------------------------------
# The operator's home: the CA certificate and operators' certificates from the development PKI (here the whole
# samen-ca volume, since the test also issues staff certificates), and compose/mesh.json for the published ports.
timeout 60 podman run --rm --user 0:0 -v "${project}_samen-ca:/ca:ro" "$image" tar -C /ca -c pki 2>"$logs/export.log" \
  | tar -x -C "$home" 2>>"$logs/export.log"
cp compose/mesh.json "$home/mesh.json"
check "operator's home exported from the pki step's volume" test -s "$home/pki/gent/operator.pem"

passing_rows() { grep -c " passing " <<<"$1"; }
host_health() {
  local output
  output=$(timeout 60 "$ctl" health --all-regions --home "$home" 2>&1); local code=$?
  echo "$output"
  [ $code -eq 0 ] && [ "$(passing_rows "$output")" -eq ${#services[@]} ]
}
check "samenctl health --all-regions from the host: exit 0, ${#services[@]} passing" host_health
inside_health() {
  local output
  output=$(timeout 60 podman exec "$(container registry-gent)" samenctl health --all-regions --registry 127.0.0.1:7100 \
    --cert /samen/pki/registry.pem --key /samen/pki/registry-key.pem 2>&1); local code=$?
  echo "$output"
  [ $code -eq 0 ] && [ "$(passing_rows "$output")" -eq ${#services[@]} ]
}
check "samenctl health --all-regions inside registry-gent: exit 0, ${#services[@]} passing" inside_health

# --- a call to each agency service ----------------------------------------------------------------------------------
for region in gent antwerpen; do
  for role in desk counsellor planner analyst; do
    timeout 30 "$ctl" pki issue-staff --home "$home" --region "$region" --user "dev-$role" --role "$role" >>"$logs/staff.log" 2>&1
  done
done
call() { timeout 60 "$ctl" call "$@" --home "$home"; }
registration='{"insz":"90051712430","name":{"given":"Testa","family":"Voorbeeld"},"birthDate":"1990-05-17","sex":"female",
  "nationalities":["MA"],"languages":["ar","fr"],"municipality":"44021","arrivalDate":"2019-01-10",
  "residencePermit":{"kind":"limited"},"bornAbroad":true,"firstRegistrationInFlanders":true,"desk":"gent-centrum"}'
registered=$(call gent/intake persons.register --json "$registration" --as desk 2>"$logs/register.err")
person=$(sed -nE 's/.*"personID" *: *"([^"]+)".*/\1/p' <<<"$registered" | head -n 1)
check "gent/intake persons.register answers a person id" test -n "$person"
check "gent/trajectory counsellors.list" call gent/trajectory counsellors.list --as counsellor
check "gent/tolkdienst organisations.list" call gent/tolkdienst organisations.list --as planner
check "gent/verenigingen associations.list" call gent/verenigingen associations.list --as counsellor
check "gent/reporting report.build (all regions)" call gent/reporting report.build --json '{"year":2025}' --as analyst
check "antwerpen/intake nt2.providers" call antwerpen/intake nt2.providers --as desk
check "antwerpen/trajectory counsellors.list" call antwerpen/trajectory counsellors.list --as counsellor
check "antwerpen/tolkdienst organisations.list" call antwerpen/tolkdienst organisations.list --as planner
check "antwerpen/verenigingen associations.list" call antwerpen/verenigingen associations.list --as counsellor
check "antwerpen/reporting report.build (antwerpen)" call antwerpen/reporting report.build --json '{"year":2025,"region":"antwerpen"}' --as analyst

# --- a crash inside the container -----------------------------------------------------------------------------------
restarts_before=$(state '{{.RestartCount}}' intake-gent)
# PID 1 is the init; the service is its child, killed as a crash would kill it (no drain, no deregistration).
timeout 30 podman exec "$(container intake-gent)" bash -c \
  'for p in /proc/[0-9]*; do [ "$(cat "$p/comm" 2>/dev/null)" = samen-intake ] && kill -KILL "${p#/proc/}"; done' \
  >"$logs/kill.log" 2>&1
crashed=$SECONDS
restarted() {
  local deadline=$((SECONDS + 60))
  while [ $SECONDS -lt $deadline ]; do
    [ "$(state '{{.RestartCount}}' intake-gent)" -gt "$restarts_before" ] 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}
check "intake-gent restarted by its restart policy after its process was killed" restarted
check "intake-gent healthy again within 60 s" wait_healthy 60 intake-gent
say "intake-gent back and healthy $((SECONDS - crashed)) s after the kill"
same_person() {
  local output
  output=$(call gent/intake persons.get --json "{\"personID\":\"$person\"}" --as desk 2>&1)
  echo "$output"
  grep -q '"Voorbeeld"' <<<"$output" && grep -q "$person" <<<"$output"
}
check "gent/intake still has $person after the crash" same_person

# --- backup online, restore into the stopped service -----------------------------------------------------------------
check "samenctl backup of intake-gent's database while it runs" timeout 60 podman exec "$(container intake-gent)" \
  samenctl backup /samen/data/intake.sqlite /samen/data/intake-backup.sqlite
person_version() {
  call gent/intake persons.get --json "{\"personID\":\"$person\"}" --as desk 2>/dev/null \
    | sed -nE 's/.*"version" *: *([0-9]+).*/\1/p' | head -n 1
}
check "a change after the backup (persons.update)" call gent/intake persons.update \
  --json "{\"file\":{\"personID\":\"$person\",\"version\":1},\"changes\":{\"languages\":[\"ar\",\"nl\"]}}" --as desk
check "$person is at version 2" test "$(person_version)" = 2
timeout 60 podman stop -t 20 "$(container intake-gent)" >"$logs/stop-intake.log" 2>&1
check "restore into the stopped intake-gent (samenctl backup --replace)" timeout 60 podman run --rm --user 65532:65532 \
  -v "${project}_data-intake-gent:/samen/data" "$image" \
  samenctl backup /samen/data/intake-backup.sqlite /samen/data/intake.sqlite --replace
timeout 60 podman start "$(container intake-gent)" >"$logs/start-intake.log" 2>&1
check "intake-gent healthy after the restore" wait_healthy 60 intake-gent
check "$person is back at version 1, as backed up" test "$(person_version)" = 1

# --- keys -----------------------------------------------------------------------------------------------------------
for name in "${services[@]}"; do
  service=${name%-*}
  mounts=$(state '{{range .Mounts}}{{.Name}} {{end}}' "$name" | tr ' ' '\n' | grep -v '^$' | sort | tr '\n' ' ')
  check "$name mounts only its own volumes" test "$mounts" = "${project}_data-$name ${project}_pki-$name "
  keys=$(timeout 30 podman exec "$(container "$name")" find / \( -path /proc -o -path /sys \) -prune -o -name '*key*.pem' -print 2>/dev/null)
  check "$name sees one key, its own" test "$keys" = "/samen/pki/$service-key.pem"
  key_mode=$(timeout 30 podman exec "$(container "$name")" stat -c '%a %u' "/samen/pki/$service-key.pem" 2>/dev/null)
  check "$name's key is 0600 and owned by the services' user" test "$key_mode" = "600 65532"
done
check "intake-gent cannot read registry-gent's key" \
  bash -c "! timeout 30 podman exec $(container intake-gent) cat /samen/pki/registry-key.pem"

# --- stop: every service drains and exits 0 -------------------------------------------------------------------------
say "stop"
stop_started=$SECONDS
# `down` of podman-compose 1.0.3 stops with a 1 s time-out and removes the containers; stop first, with the grace period.
"${compose[@]}" stop -t 20 >"$logs/stop.log" 2>&1
say "stopped in $((SECONDS - stop_started)) s"
for name in "${services[@]}"; do
  check "$name exited 0" test "$(state '{{.State.Status}} {{.State.ExitCode}}' "$name")" = "exited 0"
done
drained() {
  local name
  for name in "${services[@]}"; do
    local tail
    tail=$(podman logs --tail 30 "$(container "$name")" 2>&1)
    grep -q "draining" <<<"$tail" || { echo "$name logged no drain: $tail"; return 1; }
    grep "stopped" <<<"$tail" | grep -qv "calls_cancelled" || { echo "$name did not stop cleanly: $tail"; return 1; }
  done
}
check "every service logged its drain" drained

"${compose[@]}" down -t 20 -v >"$logs/down.log" 2>&1
left=$(podman ps -a -q --filter "label=io.podman.compose.project=$project" | wc -l)
check "down removed every container" test "$left" -eq 0
trap - EXIT
cleanup
finish
