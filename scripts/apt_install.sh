#!/usr/bin/env bash
# Installs the given Debian packages that are not installed yet (with sudo
# when not run as root); does nothing when all are. The first argument names
# the caller in messages.
#   bash scripts/apt_install.sh install_deps cmake ninja-build ...
set -euo pipefail

caller=$1
shift
missing=()
for package in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "$caller: all $# packages are installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null; then
  as_root=(sudo)
else
  echo "$caller: need root (or sudo) to install: ${missing[*]}" >&2
  exit 1
fi

echo "$caller: installing ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
