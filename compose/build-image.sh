#!/usr/bin/env bash
# Builds the Samen image without pulling from any registry: the executables are built with the Swift toolchain of
# this machine, and the base is a Debian bookworm (minbase) made here with debootstrap from Debian's mirror, with the
# security updates applied, then `podman import`ed. For machines that can pull a Swift builder image,
# `podman build -f compose/Containerfile -t localhost/samen:latest .` does the same in one step.
#
#   compose/build-image.sh          (as root, from anywhere; needs swift, debootstrap, podman)
#   compose/build-image.sh base     (only the base image)
#
# Environment: SAMEN_IMAGE (default localhost/samen:latest), SAMEN_BASE_IMAGE (default localhost/samen-base:bookworm;
# made only when missing, so security updates come with SAMEN_REFRESH_BASE=1), DEBIAN_MIRROR (default
# http://deb.debian.org/debian), SAMEN_SKIP_BUILD=1 to reuse the binaries in .build/release.
set -euo pipefail
cd "$(dirname "$0")/.."

image=${SAMEN_IMAGE:-localhost/samen:latest}
base=${SAMEN_BASE_IMAGE:-localhost/samen-base:bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# Every executable the compose file runs, plus samenctl for health checks and operators (compose/executables, which
# the multi-stage Containerfile reads too).
mapfile -t products < compose/executables
started=$SECONDS
root=
context=
trap 'rm -rf "$context"; [ -z "$root" ] || { for m in proc sys; do mountpoint -q "$root/$m" && umount "$root/$m"; done; rm -rf "$root"; }' EXIT

if [ "${SAMEN_REFRESH_BASE:-0}" = 1 ] || ! podman image exists "$base"; then
  root=$(mktemp -d /var/tmp/samen-base.XXXXXX)
  echo "build-image: making $base with debootstrap from $mirror"
  debootstrap --variant=minbase bookworm "$root" "$mirror"
  cat > "$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
  # debootstrap mounts these for its own scripts and may leave them mounted.
  for mount in proc sys; do mountpoint -q "$root/$mount" && umount "$root/$mount"; done
  chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive bash -ec '
    apt-get update
    apt-get -y upgrade
    apt-get install -y --no-install-recommends libssl3 zlib1g libsqlite3-0 ca-certificates
    useradd --uid 65532 --user-group --home-dir /samen --no-create-home --shell /usr/sbin/nologin samen
    apt-get clean
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt/* /var/log/dpkg.log
  '
  for mount in proc sys; do mountpoint -q "$root/$mount" && umount "$root/$mount"; done
  tar -C "$root" --numeric-owner -c . | podman import --change 'CMD ["/bin/bash"]' - "$base"
  rm -rf "$root"
  root=
fi

if [ "${1:-}" = base ]; then exit 0; fi

# The Swift runtime is linked in; OpenSSL 3, SQLite and zlib stay Debian's shared libraries, so the base's security
# updates reach them.
if [ "${SAMEN_SKIP_BUILD:-0}" != 1 ]; then
  for product in "${products[@]}"; do
    swift build -c release --static-swift-stdlib --product "$product"
  done
fi
bin=$(swift build -c release --show-bin-path)

context=$(mktemp -d /var/tmp/samen-image.XXXXXX)
mkdir -p "$context/bin"
for product in "${products[@]}"; do
  [ -x "$bin/$product" ] || { echo "build-image: $bin/$product is missing (build it, or drop SAMEN_SKIP_BUILD)" >&2; exit 1; }
  cp "$bin/$product" "$context/bin/"
done

podman build --build-arg "BASE_IMAGE=$base" -f compose/Containerfile.prebuilt -t "$image" "$context"
echo "build-image: $image ready in $((SECONDS - started)) s ($(podman image inspect --format '{{.Size}}' "$image") bytes)"
