# What must hold before any server starts: the database answers, the token opens with its PIN,
# the build exists. Each check fails fast with one line that names the cause.

SOFTHSM_LIBRARY=/usr/lib/softhsm/libsofthsm2.so
TOKEN_LABEL=pca

prepare_prerequisites() {
  load_secrets
  mkdir -p "$STACK/run" "$STACK/logs"
  remember PCA_DB_PASSWORD "$(new_secret)"
  remember PCA_DB_USER pca
  export PCA_DB_URL=${PCA_DB_URL:-jdbc:postgresql://127.0.0.1:5432/pca}
  parse_db_url "$PCA_DB_URL"
  if [ "$PCA_DB_URL" = "jdbc:postgresql://127.0.0.1:5432/pca" ]; then
    start_local_postgres
    ensure_database "$PCA_DB_NAME"
  fi
  check_database "$PCA_DB_NAME"
  prepare_token
  check_token
}

# Splits jdbc:postgresql://host:port/name into PCA_DB_HOST, PCA_DB_PORT, PCA_DB_NAME.
parse_db_url() {
  local rest=${1#jdbc:postgresql://}
  [ "$rest" != "$1" ] || die "PCA_DB_URL must look like jdbc:postgresql://host:port/database, not '$1'"
  PCA_DB_NAME=${rest#*/}
  PCA_DB_NAME=${PCA_DB_NAME%%\?*}
  local hostport=${rest%%/*}
  PCA_DB_HOST=${hostport%%:*}
  PCA_DB_PORT=5432
  [ "$hostport" = "$PCA_DB_HOST" ] || PCA_DB_PORT=${hostport#*:}
}

postgres_listening() { pg_isready -q -h 127.0.0.1 -p 5432; }

start_local_postgres() {
  postgres_listening && return 0
  ensure_packages postgresql
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$version" ] || die "PostgreSQL is installed but has no cluster under /etc/postgresql"
  step "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || die "PostgreSQL $version did not start"
  echo "$version" >"$STACK/run/postgres.started"
  wait_for 30 postgres_listening || die "PostgreSQL does not answer on 127.0.0.1:5432"
}

as_postgres() { runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -d postgres "$@"; }

# Creates the local role and database $1 (owned by PCA_DB_USER unless $2 names another role).
ensure_database() {
  local db=$1 role=${2:-$PCA_DB_USER} password=${3:-$PCA_DB_PASSWORD}
  [ "$PCA_DB_HOST" = 127.0.0.1 ] || return 0
  as_postgres -tc "select 1 from pg_roles where rolname='$role'" | grep -q 1 \
    || as_postgres -c "create role \"$role\" login password '$password'" >/dev/null
  as_postgres -c "alter role \"$role\" password '$password'" >/dev/null
  as_postgres -tc "select 1 from pg_database where datname='$db'" | grep -q 1 \
    || as_postgres -c "create database \"$db\" owner \"$role\"" >/dev/null
}

check_database() {
  local out
  out=$(PGPASSWORD=$PCA_DB_PASSWORD PGCONNECT_TIMEOUT=5 psql -h "$PCA_DB_HOST" -p "$PCA_DB_PORT" \
    -U "$PCA_DB_USER" -d "$1" -tAc 'select 1' 2>&1) \
    || die "cannot reach the database $1 at $PCA_DB_HOST:$PCA_DB_PORT as $PCA_DB_USER: $(echo "$out" | head -n 1)"
}

# The default token is a SoftHSM2 token under $STACK, initialised on first start with generated PINs.
prepare_token() {
  if [ -n "${PCA_PKCS11_LIBRARY:-}" ]; then
    [ -n "${PCA_PKCS11_SLOT:-}" ] && [ -n "${PCA_TOKEN_PIN:-}" ] \
      || die "PCA_PKCS11_LIBRARY is set: set PCA_PKCS11_SLOT and PCA_TOKEN_PIN for that token too"
    [ -r "$PCA_PKCS11_LIBRARY" ] || die "the PKCS#11 library $PCA_PKCS11_LIBRARY cannot be read"
    return 0
  fi
  export PCA_PKCS11_LIBRARY=$SOFTHSM_LIBRARY
  export SOFTHSM2_CONF=$STACK/softhsm2.conf
  mkdir -p "$STACK/tokens"
  chmod 700 "$STACK/tokens"
  printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n' \
    "$STACK/tokens" >"$SOFTHSM2_CONF"
  remember PCA_TOKEN_PIN "$(new_secret 16)"
  if ! grep -q '^PCA_PKCS11_SLOT=' "$SECRETS_FILE"; then
    step "initialising the SoftHSM2 token '$TOKEN_LABEL'"
    local so_pin out
    so_pin=$(new_secret 16)
    out=$(softhsm2-util --init-token --free --label "$TOKEN_LABEL" --so-pin "$so_pin" --pin "$PCA_TOKEN_PIN") \
      || die "softhsm2-util could not initialise a token: $out"
    remember PCA_TOKEN_SO_PIN "$so_pin"
    remember PCA_PKCS11_SLOT "$(echo "$out" | grep -o 'reassigned to slot [0-9]*' | grep -o '[0-9]*$')"
  fi
  [ -n "${PCA_PKCS11_SLOT:-}" ] || die "the SoftHSM2 token has no slot in $SECRETS_FILE; remove $STACK to start afresh"
}

check_token() {
  local out
  out=$(pkcs11-tool --module "$PCA_PKCS11_LIBRARY" --slot "$PCA_PKCS11_SLOT" --login --pin "$PCA_TOKEN_PIN" \
    --list-objects --type privkey 2>&1) && return 0
  case "$out" in
    *CKR_PIN_INCORRECT* | *CKR_PIN_INVALID* | *CKR_PIN_LEN_RANGE*)
      die "the token in slot $PCA_PKCS11_SLOT rejected PCA_TOKEN_PIN (wrong PIN); set the token's user PIN" ;;
    *CKR_PIN_LOCKED*) die "the token in slot $PCA_PKCS11_SLOT has locked its user PIN" ;;
    *) die "the token in slot $PCA_PKCS11_SLOT of $PCA_PKCS11_LIBRARY cannot be opened: $(echo "$out" | tail -n 1)" ;;
  esac
}

# Builds when an application archive is missing or older than any source file.
build_if_missing() {
  local ear war
  ear=$ROOT/ear/target/pca.ear
  war=$ROOT/ocsp-war/target/pca-ocsp.war
  if [ -f "$ear" ] && [ -f "$war" ] && [ -d "$ROOT/wildfly-config/target/wildfly" ] \
    && ls "$ROOT"/wildfly-config/target/pca-wildfly-config-*-tls.jar >/dev/null 2>&1 \
    && [ -z "$(find "$ROOT" -path "$STACK" -prune -o -path "$ROOT/.git" -prune -o -path '*/target' -prune -o -type f -newer "$ear" -print -quit)" ]; then
    return 0
  fi
  step "building (mvn install, tests skipped: 'pca test' runs them)"
  mvn -B -q -f "$ROOT/pom.xml" install -DskipTests -Dpca.stack="$STACK" || die "the build failed"
}

export_test_environment() {
  export PCA_STACK=$STACK PCA_TOKEN_PIN PCA_PKCS11_LIBRARY PCA_PKCS11_SLOT
  [ -z "${SOFTHSM2_CONF:-}" ] || export SOFTHSM2_CONF
}
