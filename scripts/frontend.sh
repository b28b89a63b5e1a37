#!/usr/bin/env bash
# Fetches the front-end files Madoguchi vendors, from the npm registry, at pinned versions,
# and builds the one committed stylesheet. Run through `make css`; needs node/npm.
#   - @digital-go-jp/design-tokens: the Digital Agency's design tokens (CSS custom properties)
#   - htmx.org: progressive enhancement (every page also works without it)
#   - axe-core: accessibility rules, used only by the browser tests
#   - leaflet: maps on open data pages
set -euo pipefail
cd "$(dirname "$0")/.."

TOKENS=@digital-go-jp/design-tokens@1.1.9
HTMX=htmx.org@2.0.11
AXE=axe-core@4.14.1
LEAFLET=leaflet@1.9.4

CORE=src/madoguchi/core/static/core
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch PACKAGE@VERSION → $work/<name>/package
  local spec=$1 name
  name=$(echo "$spec" | tr '@/' '__')
  mkdir -p "$work/$name"
  (cd "$work/$name" && npm pack --silent "$spec" >/dev/null 2>&1 && tar xzf ./*.tgz)
  echo "$work/$name/package"
}

tokens=$(fetch "$TOKENS")
htmx=$(fetch "$HTMX")
axe=$(fetch "$AXE")
leaflet=$(fetch "$LEAFLET")

mkdir -p "$CORE/vendor/leaflet/images"
{
  echo "/* Built by scripts/frontend.sh from $TOKENS (tokens.css, MIT) and"
  echo "   src/madoguchi/core/static_src/madoguchi.css. Do not edit: edit the source and run make css. */"
  cat "$tokens/dist/tokens.css"
  cat src/madoguchi/core/static_src/madoguchi.css
} > "$CORE/madoguchi.css"
cp "$htmx/dist/htmx.min.js" "$CORE/vendor/htmx.min.js"
cp "$axe/axe.min.js" "$CORE/vendor/axe.min.js"
cp "$leaflet/dist/leaflet.js" "$leaflet/dist/leaflet.css" "$CORE/vendor/leaflet/"
cp "$leaflet"/dist/images/*.png "$CORE/vendor/leaflet/images/"
printf '%s\n' "$TOKENS" "$HTMX" "$AXE" "$LEAFLET" > "$CORE/vendor/VERSIONS"
echo "front-end files written to $CORE"
