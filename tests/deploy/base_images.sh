#!/usr/bin/env bash
# Base images for a machine that cannot pull from a registry (docs/deploy.md, "Offline").
#
#   debian:bookworm-slim                  Debian bookworm (minbase), made with debootstrap
#                                         from Debian's own mirror and `docker import`ed;
#                                         the Dockerfile builds everything on it.
#   pilothouse-standin/postgres:15-bookworm
#                                         PostgreSQL 15 from Debian on that base, with an
#                                         entrypoint that honours POSTGRES_USER,
#                                         POSTGRES_PASSWORD and POSTGRES_DB as the official
#                                         image does (tests/deploy/postgres_standin/).
#                                         compose.yaml uses it when
#                                         PILOTHOUSE_POSTGRES_IMAGE names it; `make
#                                         compose-check` does so when postgres:16-alpine
#                                         is missing.
#
# Needs root, debootstrap (apt-get install debootstrap) and a Docker engine (DOCKER_HOST
# is honoured). Run again to rebuild; an image that exists is replaced.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
work="$(mktemp -d /var/tmp/pilothouse-rootfs.XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "base-images: debootstrap bookworm (minbase) from $mirror"
debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2
  exit 1
}

rootfs="$work/rootfs"
# As the official slim image: updates and security fixes from apt, and no manuals,
# docs or translations installed later (dpkg leaves them out) or now.
cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF
find "$rootfs/usr/share/doc" -mindepth 2 -not -name copyright -not -type d -delete
rm -rf "$rootfs"/usr/share/{man,info}/* "$rootfs"/var/cache/apt/*.bin \
  "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +

# Certificate authorities this machine trusts beyond Debian's (a TLS-intercepting proxy's,
# a company's): without them the image build cannot reach PyPI or npm from here. They go
# where Debian keeps local CAs, so `apt-get install ca-certificates` in the Dockerfile
# adds them to the bundle its build stages use. Override with EXTRA_CA_CERTS=file.pem.
python3 - "${EXTRA_CA_CERTS:-}" "$rootfs/usr/local/share/ca-certificates" <<'PY'
import pathlib, re, sys
given, target = sys.argv[1], pathlib.Path(sys.argv[2])
pem = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)
if given:
    extra = pem.findall(pathlib.Path(given).read_text())
else:
    known = {c for f in pathlib.Path("/usr/share/ca-certificates").rglob("*.crt")
             for c in pem.findall(f.read_text())}
    host = pathlib.Path("/etc/ssl/certs/ca-certificates.crt")
    extra = [c for c in pem.findall(host.read_text()) if c not in known] if host.exists() else []
target.mkdir(parents=True, exist_ok=True)
for n, cert in enumerate(extra):
    (target / f"host-{n}.crt").write_text(cert + "\n")
print(f"base-images: {len(extra)} extra certificate authorities of this machine trusted")
PY

echo "base-images: docker import debian:bookworm-slim"
tar -C "$rootfs" --numeric-owner -c . | docker import --change 'CMD ["bash"]' - debian:bookworm-slim

echo "base-images: docker build pilothouse-standin/postgres:15-bookworm"
docker build --quiet -t pilothouse-standin/postgres:15-bookworm "$here/postgres_standin"

docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' \
  | grep -E '^(debian:bookworm-slim|pilothouse-standin/postgres:15-bookworm) '
