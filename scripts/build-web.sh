#!/usr/bin/env bash
# Builds the web app (web/) into web/dist, which `kieumau serve` serves at /:
#   scripts/build-web.sh BUILD_DIR
# 1. `npm ci` when web/node_modules is missing or package-lock.json changed since it ran;
# 2. the API's types (web/generated/api.d.ts) regenerated from BUILD_DIR/kieumau's OpenAPI
#    document, so that an answer whose schema changed fails the type check below;
# 3. `npm run build` (vue-tsc type check, then vite) when a source is newer than web/dist.
set -euo pipefail
build_dir=$(realpath "${1:?usage: build-web.sh BUILD_DIR}")
cd "$(dirname "$0")/../web"

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.kieumau-lock
if [[ ! -f $stamp || $(cat "$stamp") != "$lock_hash" ]]; then
  echo "web: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" >"$stamp"
fi

KIEUMAU_BIN="$build_dir/kieumau" node scripts/api-types.mjs

# Rebuilt only when something it is made of is newer than the last build.
if [[ -f dist/index.html ]] &&
  [[ -z $(find src generated index.html package-lock.json vite.config.ts tsconfig.json -newer dist/index.html -print -quit) ]]; then
  exit 0
fi
echo "web: npm run build"
npm run --silent build
