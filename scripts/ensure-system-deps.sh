#!/usr/bin/env bash
# Ensure the Debian system packages Hatchway's test suite needs are present:
#   chromium            /usr/bin/chromium, used by the Playwright browser tests
#   fonts-wqy-microhei  a CJK font, so zh pages render in screenshots (any fc-list :lang=zh font will
#                       do, Noto CJK included: the PDF report falls back to a built-in font without one)
#   gettext             msgfmt/xgettext, used by makemessages/compilemessages
#   make                needed to run `make test` at all
#
# Idempotent and non-interactive. If everything is present it only runs a few
# cheap checks (no apt-get update). Otherwise, as root or with passwordless
# sudo, it runs `apt-get update` once and installs what is missing; without
# privileges it prints the exact apt command to run and exits 1.
# A dpkg/apt lock held by another process is waited for (up to
# ENSURE_DEPS_LOCK_TIMEOUT seconds, default 300) instead of failing.
set -euo pipefail

LOCK_TIMEOUT="${ENSURE_DEPS_LOCK_TIMEOUT:-300}"
APT_LOCKS=(/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock)

log() { printf 'ensure-system-deps: %s\n' "$*" >&2; }

pkg_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null || true)" = "ii " ]
}

have_cjk_font() {
    if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null | head -n1)" ]; then
        return 0
    fi
    pkg_installed fonts-wqy-microhei
}

# Prints the apt packages that are still missing, one per line.
missing_packages() {
    [ -x /usr/bin/chromium ] && pkg_installed chromium || echo chromium
    have_cjk_font || echo fonts-wqy-microhei
    { command -v msgfmt && command -v xgettext; } >/dev/null 2>&1 || echo gettext
    command -v make >/dev/null 2>&1 || echo make
}

apt_lock_held() {
    local f
    for f in "${APT_LOCKS[@]}"; do
        [ -e "$f" ] && fuser "$f" >/dev/null 2>&1 && return 0
    done
    return 1
}

# Bounded wait for other apt/dpkg processes (e.g. unattended installs).
wait_for_apt_lock() {
    command -v fuser >/dev/null 2>&1 || return 0  # apt's own Lock::Timeout still applies
    local waited=0
    if apt_lock_held; then
        log "apt/dpkg lock held by another process; waiting up to ${LOCK_TIMEOUT}s"
        while apt_lock_held; do
            if [ "$waited" -ge "$LOCK_TIMEOUT" ]; then
                log "ERROR: apt/dpkg lock still held after ${LOCK_TIMEOUT}s"
                return 1
            fi
            sleep 5
            waited=$((waited + 5))
        done
    fi
}

mapfile -t missing < <(missing_packages)
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
else
    log "missing system packages: ${missing[*]}"
    log "install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    log "missing system packages: ${missing[*]} (no apt-get here; install the equivalents manually)"
    exit 1
fi

# Another process may be installing exactly these packages right now:
# wait for it, then look again before doing anything ourselves.
wait_for_apt_lock
mapfile -t missing < <(missing_packages)
[ "${#missing[@]}" -eq 0 ] && exit 0

log "installing: ${missing[*]}"
APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y
     -o "DPkg::Lock::Timeout=${LOCK_TIMEOUT}" -o Dpkg::Options::=--force-confdef
     -o Dpkg::Options::=--force-confold)
"${APT[@]}" update >/dev/null
wait_for_apt_lock
if ! "${APT[@]}" install --no-install-recommends "${missing[@]}" >/dev/null; then
    # An interrupted earlier dpkg run is the usual cause; repair once and retry.
    log "apt-get install failed; running dpkg --configure -a and retrying"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive dpkg --configure -a >/dev/null
    "${APT[@]}" install --no-install-recommends "${missing[@]}" >/dev/null
fi

mapfile -t missing < <(missing_packages)
if [ "${#missing[@]}" -ne 0 ]; then
    log "ERROR: still missing after install: ${missing[*]}"
    exit 1
fi
log "installed OK"
