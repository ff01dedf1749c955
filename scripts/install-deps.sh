#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/deps/*.txt (one per line, '#' comments) when any is missing.
# Needs root or sudo only when something is missing; prints nothing when all are there.
set -euo pipefail
cd "$(dirname "$0")"

mapfile -t packages < <(cat deps/*.txt | sed -e 's/#.*//' -e 's/[[:space:]]//g' | grep -v '^$' | sort -u)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
# Node.js and npm build and test the web app (web/). Any node already on the PATH will do (the
# NodeSource build carries its own npm and conflicts with Debian's npm package); else Debian's.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Cài đặt các gói còn thiếu (installing missing packages): ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "Cần quyền root để cài: ${missing[*]} (need root)" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
