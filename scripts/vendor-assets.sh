#!/usr/bin/env bash
# Vendor Hatchway's front-end assets from their npm packages.
#
# Hatchway must work from mainland China, behind the Great Firewall: no CDN,
# no web font, nothing fetched from an outside host at run time. So the few
# browser libraries it uses are copied into the source tree, under
#     hatchway/web/static/vendor/<package>/
# and committed; a fresh clone needs neither npm nor the internet.
#
# For each pinned package below, this script:
#   1. runs `npm pack NAME@VERSION` in a temporary directory (npm checks the
#      tarball against the registry's integrity hash),
#   2. extracts the tarball and checks its package.json name and version,
#   3. copies only the listed distribution files and licence files,
#   4. refuses any CSS that @imports anything or loads url(...) from a host,
# then rewrites hatchway/web/static/vendor/ as a whole, MANIFEST.json included
# (name, version, licence, tarball integrity, and each file's sha256).
#
# Idempotent: same pins in, byte-identical files out (no timestamps anywhere).
# Needs: bash (3.2 will do), npm (and so node), tar. See docs/assets.md.
#
# Usage: scripts/vendor-assets.sh        (or: make assets)
set -euo pipefail

# --- The pins ---------------------------------------------------------------
# One package per line, fields separated by "|":
#   npm name | exact version | vendor directory | asset files | licence files | bundled in
# Files are paths inside the tarball's package/ directory, comma-separated,
# optionally "source=>target" to rename; they land flat in the vendor directory.
# "bundled in" names the package whose build embeds this one (its code is
# inside that package's minified file): the pin must equal that package's
# dependency version, and only the licence is copied.
PINS=(
    "htmx.org|2.0.11|htmx.org|dist/htmx.min.js|LICENSE|"
    "echarts|6.1.0|echarts|dist/echarts.min.js|LICENSE,NOTICE,licenses/LICENSE-d3=>LICENSE-d3|"
    "zrender|6.1.0|zrender||LICENSE|echarts"
    "@picocss/pico|2.1.1|pico|css/pico.min.css|LICENSE.md|"
)

# --- Set-up -----------------------------------------------------------------
die() {
    printf 'vendor-assets: error: %s\n' "$*" >&2
    exit 1
}
say() {
    printf 'vendor-assets: %s\n' "$*"
}

if ! command -v npm >/dev/null 2>&1; then
    die "npm was not found on PATH. This script downloads the pinned packages with 'npm pack'.
Install Node.js and npm (e.g. 'apt-get install npm'), then run it again.
(You do not need npm to run Hatchway: the vendored files are committed.)"
fi
command -v node >/dev/null 2>&1 || die "node was not found on PATH (npm needs it, and so does this script)."
command -v tar >/dev/null 2>&1 || die "tar was not found on PATH."

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENDOR_DIR="$REPO_ROOT/hatchway/web/static/vendor"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hatchway-vendor.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/vendor"
mkdir -p "$STAGE"
# One tab-separated line per copied file, read back when writing MANIFEST.json.
RECORDS="$WORK/records.tsv"
: >"$RECORDS"

# json_field FILE KEY...: prints a (nested) field of a JSON file, e.g.
# `json_field package.json dependencies zrender`; fails if it is missing.
json_field() {
    node -e '
        const [file, ...keys] = process.argv.slice(1);
        const data = JSON.parse(require("fs").readFileSync(file, "utf8"));
        const value = keys.reduce((o, k) => (o == null ? o : o[k]), data);
        if (value == null) process.exit(3);
        process.stdout.write(typeof value === "string" ? value : JSON.stringify(value));
    ' "$@"
}

# pinned_dir NAME: the vendor directory of a package pinned earlier in PINS.
pinned_dir() {
    local pin n d
    for pin in "${PINS[@]}"; do
        IFS='|' read -r n _ d _ <<<"$pin"
        if [[ $n == "$1" ]]; then
            printf '%s' "$d"
            return 0
        fi
    done
    return 1
}

# check_css FILE: fails loudly if the stylesheet would make the browser fetch
# anything from another host (or anything at all through @import).
check_css() {
    local file=$1 label=$2 hits
    # Any @import: a single vendored file cannot satisfy it, and a remote one is banned.
    if hits=$(grep -oiE '@import[^;]{0,120}' "$file"); then
        die "$label contains @import, which would fetch another stylesheet at run time:
$hits"
    fi
    # url(...) whose target is http:, https: or protocol-relative //. data: URIs are fine,
    # even when the inline SVG inside them mentions an xmlns="http://www.w3.org/..." namespace.
    if hits=$(grep -oiE 'url\([[:space:]]*["'"'"']?[[:space:]]*(https?:)?//[^)]{0,120}' "$file"); then
        die "$label loads url(...) from an outside host, which is not reachable from mainland China:
$hits"
    fi
}

# copy_file PKG_ROOT SPEC DEST_DIR KIND NAME VERSION
copy_file() {
    local pkg_root=$1 spec=$2 dest_dir=$3 kind=$4 name=$5 version=$6
    local source=$spec target
    if [[ $spec == *"=>"* ]]; then
        source=${spec%%=>*}
        target=${spec##*=>}
    else
        target=$(basename "$spec")
    fi
    [[ -f "$pkg_root/$source" ]] || die "$name@$version has no file '$source' (did the package layout change?)"
    [[ ! -e "$STAGE/$dest_dir/$target" ]] || die "two files of $name map to $dest_dir/$target"
    cp "$pkg_root/$source" "$STAGE/$dest_dir/$target"
    chmod 0644 "$STAGE/$dest_dir/$target"
    if [[ $target == *.css ]]; then
        check_css "$STAGE/$dest_dir/$target" "$name@$version $source"
    fi
    printf 'file\t%s\t%s\t%s\t%s\n' "$dest_dir" "$dest_dir/$target" "$source" "$kind" >>"$RECORDS"
}

# --- Fetch and copy ---------------------------------------------------------
SEEN_DIRS=" "
for pin in "${PINS[@]}"; do
    IFS='|' read -r name version dest_dir assets licences bundled_in <<<"$pin"
    [[ -n $name && -n $version && -n $dest_dir && -n $licences ]] || die "malformed pin: '$pin'"
    [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "$name: pin an exact stable version, not '$version'"
    [[ $SEEN_DIRS != *" $dest_dir "* ]] || die "two packages share the vendor directory '$dest_dir'"
    SEEN_DIRS="$SEEN_DIRS$dest_dir "

    say "npm pack $name@$version"
    pack_dir="$WORK/pack/$dest_dir"
    mkdir -p "$pack_dir/extract"
    # --json gives the tarball's file name and integrity; npm's own notices go to stderr.
    (cd "$pack_dir" && npm pack "$name@$version" --json --ignore-scripts --pack-destination "$pack_dir" \
        >"$pack_dir/pack.json" 2>"$pack_dir/pack.log") ||
        die "npm pack $name@$version failed:
$(cat "$pack_dir/pack.log")"
    tarball=$(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.stdout.write(r[0].filename)' "$pack_dir/pack.json")
    integrity=$(node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.stdout.write(r[0].integrity)' "$pack_dir/pack.json")
    tar -xzf "$pack_dir/$tarball" -C "$pack_dir/extract"
    pkg_root="$pack_dir/extract/package"
    [[ -f "$pkg_root/package.json" ]] || die "$name@$version: the tarball has no package/package.json"

    got_name=$(json_field "$pkg_root/package.json" name) || die "$name: package.json has no name"
    got_version=$(json_field "$pkg_root/package.json" version) || die "$name: package.json has no version"
    [[ $got_name == "$name" && $got_version == "$version" ]] ||
        die "asked npm for $name@$version but the tarball says $got_name@$got_version"
    licence=$(json_field "$pkg_root/package.json" license) ||
        die "$name@$version: package.json has no 'license' field; check its licence by hand before vendoring it"
    [[ $licence =~ ^[A-Za-z0-9.+-]+([[:space:]]+(OR|AND)[[:space:]]+[A-Za-z0-9.+-]+)*$ ]] ||
        die "$name@$version: 'license' is not a plain SPDX expression: $licence"

    if [[ -n $bundled_in ]]; then
        parent_dir=$(pinned_dir "$bundled_in") || parent_dir=""
        if [[ -z $parent_dir || ! -f "$WORK/pack/$parent_dir/extract/package/package.json" ]]; then
            die "$name is bundled in '$bundled_in', which must be pinned above it"
        fi
        wanted=$(json_field "$WORK/pack/$parent_dir/extract/package/package.json" dependencies "$name") ||
            die "$bundled_in no longer depends on $name: drop or update the $name pin"
        [[ $wanted == "$version" ]] ||
            die "$bundled_in depends on $name '$wanted' but the pin says $version: update the $name pin"
    fi

    printf 'package\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$dest_dir" "$name" "$version" "$licence" "$integrity" "$bundled_in" >>"$RECORDS"
    mkdir -p "$STAGE/$dest_dir"
    IFS=',' read -r -a asset_list <<<"$assets"
    IFS=',' read -r -a licence_list <<<"$licences"
    for spec in ${asset_list[@]+"${asset_list[@]}"}; do
        copy_file "$pkg_root" "$spec" "$dest_dir" asset "$name" "$version"
    done
    for spec in ${licence_list[@]+"${licence_list[@]}"}; do
        copy_file "$pkg_root" "$spec" "$dest_dir" licence "$name" "$version"
    done
done

# --- MANIFEST.json and README -----------------------------------------------
node - "$RECORDS" "$STAGE" <<'EOF'
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const [records, stage] = process.argv.slice(2);
const packages = [];
const byDir = {};
for (const line of fs.readFileSync(records, "utf8").split("\n")) {
    if (!line) continue;
    const f = line.split("\t");
    if (f[0] === "package") {
        const [, directory, name, version, license, integrity, bundledIn] = f;
        const entry = { name, version, license, directory, npm_integrity: integrity };
        if (bundledIn) entry.bundled_in = bundledIn;
        entry.files = [];
        packages.push(entry);
        byDir[directory] = entry;
    } else {
        const [, directory, file, source, kind] = f;
        const data = fs.readFileSync(path.join(stage, file));
        byDir[directory].files.push({
            path: file,
            source: "package/" + source,
            kind,
            bytes: data.length,
            sha256: crypto.createHash("sha256").update(data).digest("hex"),
        });
    }
}
const manifest = {
    about: "Front-end assets vendored from npm by scripts/vendor-assets.sh; see docs/assets.md. Generated: do not edit.",
    packages,
};
fs.writeFileSync(path.join(stage, "MANIFEST.json"), JSON.stringify(manifest, null, 2) + "\n");
EOF

cat >"$STAGE/README.md" <<'EOF'
# Vendored front-end assets

Generated by `scripts/vendor-assets.sh` (`make assets`): do not edit by hand,
the script rewrites this whole directory. `MANIFEST.json` lists every file,
its npm package, version, licence and sha256. Why and how: `docs/assets.md`.
EOF

# --- Swap the new tree in ---------------------------------------------------
rm -rf "$VENDOR_DIR"
mkdir -p "$(dirname "$VENDOR_DIR")"
cp -R "$STAGE" "$VENDOR_DIR"

say "wrote $(realpath --relative-to="$REPO_ROOT" "$VENDOR_DIR" 2>/dev/null || echo "$VENDOR_DIR"):"
(cd "$VENDOR_DIR" && find . -type f | LC_ALL=C sort | while read -r f; do
    printf '  %10s  %s\n' "$(wc -c <"$f" | tr -d ' ')" "${f#./}"
done)
