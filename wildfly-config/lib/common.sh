# Shared helpers of the pca command: messages, generated secrets, Debian packages.

step() { printf '\n== %s\n' "$*"; }
info() { printf '   %s\n' "$*"; }
die() {
  printf '\npca: %s\n' "$*" >&2
  exit 1
}

# A random secret of hex digits, safe in URLs, XML, JSON and shell.
new_secret() { openssl rand -hex "${1:-24}" | cut -c "1-${1:-24}"; }

# Generated values live in $STACK/secrets.env (mode 600, never in the repository); a variable already
# set in the environment wins, so an operator can point the stack at their own database or token.
SECRETS_FILE=""
load_secrets() {
  SECRETS_FILE="$STACK/secrets.env"
  mkdir -p "$STACK"
  chmod 700 "$STACK"
  touch "$SECRETS_FILE"
  chmod 600 "$SECRETS_FILE"
  local line key
  while IFS= read -r line; do
    key=${line%%=*}
    [ -n "$key" ] && [ -z "${!key:-}" ] && export "$line"
  done <"$SECRETS_FILE"
  return 0
}

# Sets $1 from the environment, else from secrets.env, else to a new value that is remembered.
remember() {
  local key=$1 fresh=$2
  if [ -z "${!key:-}" ]; then
    export "$key=$fresh"
  fi
  grep -q "^$key=" "$SECRETS_FILE" || printf '%s=%s\n' "$key" "${!key}" >>"$SECRETS_FILE"
}

APT_UPDATED=""
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "installing Debian packages: ${missing[*]}"
  [ "$(id -u)" = 0 ] || die "packages ${missing[*]} are missing and only root can install them"
  if [ -z "$APT_UPDATED" ]; then
    apt-get update -qq >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

# Waits until "$2..." succeeds, at most $1 seconds; returns 1 on time-out.
wait_for() {
  local limit=$1
  shift
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 1
  done
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pid() {
  local pidfile=$1 name=$2 pid
  pid_alive "$pidfile" || {
    rm -f "$pidfile"
    return 0
  }
  pid=$(cat "$pidfile")
  info "stopping $name (pid $pid)"
  kill "$pid" 2>/dev/null || true
  wait_for 60 bash -c "! kill -0 $pid" || kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}
