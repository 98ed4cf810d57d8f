#!/usr/bin/env bash
# Builds the fuzz targets (release, libFuzzer + AddressSanitizer) and runs each for a bounded time on a copy of
# its seed corpus, so that nothing is written into the repository. Fails if any target crashes, printing the
# crashing input's path and base64 (see README.md, "Fuzzing", to turn it into a regression test).
#
#   Tests/Fuzz/run.sh [seconds-per-target] [target...]     e.g. Tests/Fuzz/run.sh 600 fuzz-codec
#
# FUZZ_JOBS=N runs N targets at once (default 1); FUZZ_KEEP=1 keeps the work directory (grown corpora, logs).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-60}
shift || true
all_targets=(fuzz-frame-reader fuzz-hello fuzz-request-head fuzz-codec)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

# Longest input per target: a few frames, one HELLO, one request head with a payload, one message.
max_len() {
  case "$1" in
    fuzz-frame-reader) echo 4096 ;;
    fuzz-hello) echo 512 ;;
    fuzz-request-head) echo 2048 ;;
    fuzz-codec) echo 4096 ;;
    *) echo "unknown fuzz target: $1" >&2; exit 2 ;;
  esac
}
for target in "${targets[@]}"; do max_len "$target" >/dev/null; done

scratch=.build-fuzz
for target in "${targets[@]}"; do
  swift build -c release --scratch-path "$scratch" --product "$target" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DSAMEN_FUZZING
done
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)

work=$(mktemp -d)
if [ "${FUZZ_KEEP:-0}" = 1 ]; then echo "work directory: $work"; else trap 'rm -rf "$work"' EXIT; fi

# Runs one target; its log goes to $work/<target>.log and its verdict to $work/<target>.status.
run_target() {
  local target=$1 dir="$work/$1"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  cp Tests/Fuzz/"$target"/corpus/* "$dir/corpus/"
  local dict=()
  [ -f Tests/Fuzz/"$target"/fuzz.dict ] && dict=(-dict="Tests/Fuzz/$target/fuzz.dict")
  local status=0
  # Swift's own crash backtracer trips AddressSanitizer; libFuzzer reports the crash and saves the input itself.
  SWIFT_BACKTRACE=enable=no "$bin/$target" "$dir/corpus" "${dict[@]}" -max_total_time="$seconds" -max_len="$(max_len "$target")" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
    >"$dir.log" 2>&1 || status=$?
  echo "$status" >"$dir.status"
}

jobs=${FUZZ_JOBS:-1}
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  echo "fuzzing $target for ${seconds}s"
  run_target "$target" &
done
wait

failed=0
for target in "${targets[@]}"; do
  status=$(cat "$work/$target.status")
  summary=$(grep -E "^#[0-9]+[[:space:]]+DONE" "$work/$target.log" | tail -n 1 || true)
  [ -n "$summary" ] || summary=$(grep -E "^#[0-9]+" "$work/$target.log" | tail -n 1 || true)
  echo "$target: exit $status; $summary"
  if [ "$status" -ne 0 ]; then
    failed=1
    grep -E "ERROR|Fatal error|fuzz invariant|SUMMARY" "$work/$target.log" | head -n 20 || true
    for crash in "$work/$target"/artifacts/*; do
      [ -e "$crash" ] || continue
      kept=$(mktemp -p "${TMPDIR:-/tmp}" "$target-$(basename "$crash").XXXX")
      cp "$crash" "$kept"
      echo "crashing input: $kept"
      echo "base64: $(base64 -w0 "$crash")"
    done
  fi
done
exit $failed
