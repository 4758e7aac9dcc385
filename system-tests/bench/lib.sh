# What the benchmark scripts share: logging, REST calls, a temporary Keycloak client holding
# pca-admin, the stack's secrets, the locks and the Java load drivers' build. Sourced by every
# benchmark script; they set KC (Keycloak's URL), WORK (a temp dir), RAND and SECRETS first.

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

die() {
  log "FAILED: $*"
  exit 1
}

# call METHOD URL TOKEN EXPECTED_STATUS [JSON_BODY] -> prints the answer body
call() {
  local method=$1 url=$2 token=$3 expect=$4 body=${5-} code
  local args=(-s -o "$WORK/answer" -w '%{http_code}' --max-time 60 -X "$method" -H 'Accept: application/json')
  [[ -n $token ]] && args+=(-H "Authorization: Bearer $token")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  code=$(curl "${args[@]}" "$url") || code=000
  if [[ $code != "$expect" ]]; then
    log "$method $url answered $code, wanted $expect: $(head -c 800 "$WORK/answer" 2>/dev/null)"
    return 1
  fi
  cat "$WORK/answer"
}

kc_admin_token() {
  curl -s --max-time 30 -d grant_type=password -d client_id=admin-cli -d username=admin \
    --data-urlencode "password=$PCA_KEYCLOAK_ADMIN_PASSWORD" \
    "$KC/realms/master/protocol/openid-connect/token" | jq -er .access_token
}

# client_token CLIENT_ID SECRET: a client-credentials token of realm pca
client_token() {
  curl -s --max-time 30 -d grant_type=client_credentials -d "client_id=$1" \
    --data-urlencode "client_secret=$2" \
    "$KC/realms/pca/protocol/openid-connect/token" | jq -er .access_token
}

# make_kc_client NAME: a confidential client NAME-$RAND whose service account holds pca-admin;
# sets KC_CLIENT_ID and KC_CLIENT_SECRET
make_kc_client() {
  local admin id user role
  KC_CLIENT_ID="$1-$RAND"
  KC_CLIENT_SECRET=$(openssl rand -hex 24)
  admin=$(kc_admin_token) || die "no Keycloak admin token (master realm, admin-cli)"
  call POST "$KC/admin/realms/pca/clients" "$admin" 201 "$(jq -nc --arg c "$KC_CLIENT_ID" --arg s "$KC_CLIENT_SECRET" \
    '{clientId:$c, secret:$s, serviceAccountsEnabled:true, publicClient:false, standardFlowEnabled:false}')" >/dev/null ||
    die "could not create Keycloak client $KC_CLIENT_ID"
  id=$(call GET "$KC/admin/realms/pca/clients?clientId=$KC_CLIENT_ID" "$admin" 200 | jq -er '.[0].id') ||
    die "cannot find Keycloak client $KC_CLIENT_ID"
  user=$(call GET "$KC/admin/realms/pca/clients/$id/service-account-user" "$admin" 200 | jq -er .id) ||
    die "no service account user for $KC_CLIENT_ID"
  role=$(call GET "$KC/admin/realms/pca/roles/pca-admin" "$admin" 200 | jq -c .) || die "no realm role pca-admin"
  call POST "$KC/admin/realms/pca/users/$user/role-mappings/realm" "$admin" 204 "[$role]" >/dev/null ||
    die "could not give pca-admin to $KC_CLIENT_ID"
  log "made Keycloak client $KC_CLIENT_ID with realm role pca-admin"
}

delete_kc_client() {
  local admin id
  admin=$(kc_admin_token) || { log "WARNING: no Keycloak admin token; client $1 left behind"; return; }
  id=$(curl -s --max-time 30 -H "Authorization: Bearer $admin" \
    "$KC/admin/realms/pca/clients?clientId=$1" | jq -r '.[0].id // empty')
  if [[ -z $id ]]; then
    log "Keycloak client $1 not found (nothing to delete)"
    return
  fi
  if curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X DELETE -H "Authorization: Bearer $admin" \
    "$KC/admin/realms/pca/clients/$id" | grep -q '^204$'; then
    log "deleted Keycloak client $1"
  else
    log "WARNING: could not delete Keycloak client $1"
  fi
}

# load_secrets VAR...: exports the stack's generated secrets ($SECRETS) and checks that the named
# ones are there.
load_secrets() {
  [[ -r $SECRETS ]] || die "cannot read $SECRETS (is the stack provisioned?)"
  # shellcheck disable=SC1090
  set -a && . "$SECRETS" && set +a
  local v
  for v in "$@"; do
    [[ -n ${!v:-} ]] || die "$v not in $SECRETS"
  done
}

# take_locks: the benchmark lock and the stack lock, so that no build, redeploy or other benchmark
# runs meanwhile (up to $LOCK_WAIT seconds, an hour by default).
take_locks() {
  exec 8>/tmp/pca-bench.lock 9>/tmp/pca-stack.lock
  log "waiting for /tmp/pca-bench.lock and /tmp/pca-stack.lock (up to ${LOCK_WAIT:-3600}s)"
  flock -w "${LOCK_WAIT:-3600}" 8 || die "/tmp/pca-bench.lock is held by someone else"
  flock -w "${LOCK_WAIT:-3600}" 9 || die "/tmp/pca-stack.lock is held by someone else"
}

# The Bouncy Castle the project builds with, from the local Maven repository, for the Java load
# drivers.
BC=$HOME/.m2/repository/org/bouncycastle
BC_VERSION=1.87

need_bc() {
  local jar
  for jar in bcprov bcpkix bcutil; do
    [[ -r $BC/$jar-jdk18on/$BC_VERSION/$jar-jdk18on-$BC_VERSION.jar ]] ||
      die "no $jar $BC_VERSION in the local Maven repository (build the project once)"
  done
}

# compile_load SOURCE: compiles a load driver, with what the drivers share (Bench*.java),
# into $WORK/classes; sets LOAD_CP.
compile_load() {
  local source=$1 jar
  LOAD_CP=""
  for jar in bcprov bcpkix bcutil; do
    LOAD_CP+=${LOAD_CP:+:}$BC/$jar-jdk18on/$BC_VERSION/$jar-jdk18on-$BC_VERSION.jar
  done
  mkdir -p "$WORK/classes"
  javac -nowarn -d "$WORK/classes" -cp "$LOAD_CP" "$source" "$(dirname "$source")"/Bench{Http,Cpu,Run}.java 2>"$WORK/javac.log" ||
    die "$(basename "$source") does not compile: $(head -5 "$WORK/javac.log")"
  LOAD_CP+=:$WORK/classes
}

# warm_until_steady MIN MAX BATCH: warms PCA's JVM with batches of BATCH operations (the script's
# warm_batch N NAME, a load run named NAME) until at least MIN are done and a batch ran no more than
# 3% faster than the one before, or MAX are done; sets WARMED to how many ran. Every batch must
# succeed throughout. A fresh WildFly still compiles after 12,000 SCEP enrolments, so a fixed count
# left runs measuring its JIT.
warm_until_steady() {
  local min=$1 max=$2 batch=$3 previous=0 rate n=0
  WARMED=0
  while :; do
    n=$((n + 1))
    warm_batch "$batch" "warm$n"
    ((R[warm$n,failed] == 0)) || die "warm-up batch $n had ${R[warm$n,failed]} failures: ${R[warm$n,first_failures]:-}"
    rate=${R[warm$n,rate]}
    WARMED=$((WARMED + batch))
    if ((WARMED >= min)) && awk -v a="$rate" -v b="$previous" 'BEGIN { exit !(b > 0 && a <= b * 1.03) }'; then
      log "warm-up steady after $WARMED: $previous then $rate per second"
      return 0
    fi
    if ((WARMED >= max)); then
      log "warm-up still speeding up after $WARMED ($previous then $rate per second); measuring anyway"
      return 0
    fi
    previous=$rate
  done
}

# alternate MODE ROUNDS COUNT CONCURRENCY NAME:SERVER...: runs the servers' loads in turn (the
# script's load NAME-MODE-ROUND SERVER COUNT CONCURRENCY), ROUNDS times, then merges each server's
# rounds into R[NAME-MODE,*]. This machine's speed drifts by half within minutes (a shared VM:
# openssl's RSA-4096 sign went from 3.8 to 6.2 ms in one hour), so one long run per server can
# measure the machine more than the server; in alternate rounds the drift falls on both alike.
alternate() {
  local mode=$1 rounds=$2 count=$3 concurrency=$4 round pair
  shift 4
  for ((round = 1; round <= rounds; round++)); do
    for pair in "$@"; do
      export BENCH_RECORD=$WORK/${pair%%:*}-$mode-$round
      load "${pair%%:*}-$mode-$round" "${pair#*:}" "$count" "$concurrency"
    done
  done
  unset BENCH_RECORD
  for pair in "$@"; do merge_rounds "${pair%%:*}-$mode" "$rounds"; done
}

# merge_rounds NAME ROUNDS: R[NAME,*] from the rounds R[NAME-1..ROUNDS,*]. Counts add up; the rate
# is all operations over all seconds; CPU columns are weighted by operations; p50, p99 and
# duplicate serials are over every operation of every round (BenchRun's BENCH_RECORD files);
# R[NAME,rounds] lists each round's rate.
merge_rounds() {
  local name=$1 rounds=$2 round key field
  local fields=()
  for key in "${!R[@]}"; do
    [[ $key == "$name-1,"* ]] && fields+=("${key#*,}")
  done
  for field in "${fields[@]}"; do
    case $field in
      concurrency) R[$name,$field]=${R[$name-1,$field]} ;;
      first_failures)
        R[$name,$field]=""
        for ((round = 1; round <= rounds; round++)); do
          R[$name,$field]+=${R[$name-$round,$field]:+${R[$name,$field]:+|}${R[$name-$round,$field]}}
        done ;;
      rate | p50_ms | p99_ms) ;;
      *)
        R[$name,$field]=$(for ((round = 1; round <= rounds; round++)); do
          echo "${R[$name-$round,count]} ${R[$name-$round,$field]}"
        done | awk -v f="$field" '{ n += $1; s += (f ~ /^cpu_/ ? $1 * $2 : $2) }
          END { if (f ~ /^cpu_/) printf "%.2f", s / n; else if (f == "seconds") printf "%.3f", s; else print s }') ;;
    esac
  done
  R[$name,rate]=$(awk -v n="${R[$name,count]}" -v s="${R[$name,seconds]}" 'BEGIN { printf "%.2f", n / s }')
  read -r R[$name,p50_ms] R[$name,p99_ms] < <(cat "$WORK/$name"-*.latencies | sort -n |
    awk '{ v[NR - 1] = $1 } END { i = int(NR * 0.5); j = int(NR * 0.99); if (j >= NR) j = NR - 1;
      printf "%.1f %.1f\n", v[i] / 1000, v[j] / 1000 }')
  if compgen -G "$WORK/$name-*.serials" >/dev/null; then
    R[$name,duplicates]=$(cat "$WORK/$name"-*.serials | sort | uniq -d -c | awk '{ d += $1 - 1 } END { print d + 0 }')
  fi
  R[$name,rounds]=$(for ((round = 1; round <= rounds; round++)); do echo "${R[$name-$round,rate]}"; done | paste -sd' ')
}

# settle_db: has PostgreSQL vacuum what a warm-up left (VACUUM ANALYZE) and write its dirty pages
# (CHECKPOINT), so that neither lands inside a measured run. Needs the local superuser (trust auth on
# loopback, as on the dev stack); without it the runs go ahead unsettled and the log says so.
settle_db() {
  local db=${PCA_DB_URL:-jdbc:postgresql://127.0.0.1:5432/pca}
  db=${db##*/}
  db=${db%%\?*}
  if timeout 900 psql -h 127.0.0.1 -U postgres -d "$db" -qc 'VACUUM (ANALYZE)' -c 'CHECKPOINT' \
    >/dev/null 2>&1; then
    DB_SETTLED="after the warm-up, PostgreSQL vacuumed and checkpointed (\`VACUUM (ANALYZE)\`, \`CHECKPOINT\`)"
    log "PostgreSQL settled after the warm-up"
  else
    DB_SETTLED="PostgreSQL could NOT be settled after the warm-up (no local superuser)"
    log "WARNING: could not settle PostgreSQL after the warm-up; runs may meet its checkpoint"
  fi
}
