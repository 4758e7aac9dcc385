#!/usr/bin/env bash
# Issuance benchmark: PCA's REST issuance against cfssl (without and with its certificate database).
#
# Needs the PCA stack already started (this script never starts or stops it). It:
#   1. makes a temporary Keycloak client holding pca-admin, and through PCA's REST API a repository,
#      a P-256 root, a P-256 intermediate and a TLS template (the repository is left behind: it
#      cannot be deleted while it holds issuers);
#   2. makes one P-256 and one RSA-2048 CSR with openssl;
#   3. makes a P-256 CA with cfssl and runs `cfssl serve` without and then with a PostgreSQL certdb
#      (database cfssl_bench, created here and dropped at the end);
#   4. for each CSR: checks one answer of each server, then runs wrk (5 s warm-up, then
#      -t2 -c16 -d20s --latency) against PCA, cfssl without db and cfssl with db;
#   5. writes system-tests/results/issuance.md.
# Cleans up (cfssl by its PID, the bench database, the Keycloak client) on any exit.
# Exit status: 0 all runs valid; 1 a precondition or setup step failed; 3 results written but a run
# had errors (non-2xx answers or socket errors), which the results file says loudly.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RESULTS=$ROOT/system-tests/results/issuance.md
SECRETS=$ROOT/.stack/secrets.env
SERVER_LOG=$ROOT/.stack/wildfly/standalone/log/server.log
WILDFLY_PIDFILE=$ROOT/.stack/run/wildfly.pid
LUA=$HERE/post.lua
CERTDB_SQL=$HERE/cfssl-certdb-pg.sql
THREADS_AWK=$HERE/threads.awk

PCA=http://127.0.0.1:8080
API=$PCA/api/v2
KC=http://127.0.0.1:8180
CFSSL_PORT=8888
CFSSL_URL=http://127.0.0.1:$CFSSL_PORT/api/v1/cfssl/sign
BENCH_DB=cfssl_bench
THREADS=2
CONNS=16
DURATION=20s
WARMUP=5s
STACK_WAIT_SECONDS=600
WRK_TIMEOUT=120 # hard bound on one wrk process, in seconds

export PGOPTIONS='--client-min-messages=warning'
PSQL=(psql -h 127.0.0.1 -p 5432 -U postgres -X -q -A -t -v ON_ERROR_STOP=1)

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
WORK=""
CFSSL_PID=""
KC_CLIENT_ID=""
DB_CREATED=0

cleanup() {
  local rc=$?
  set +e
  if [[ -n $CFSSL_PID ]]; then stop_cfssl; fi
  if ((DB_CREATED)); then
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB" >/dev/null 2>&1 &&
      log "dropped database $BENCH_DB"
  fi
  if [[ -n $KC_CLIENT_ID ]]; then delete_kc_client "$KC_CLIENT_ID"; fi
  if [[ -n $WORK && -d $WORK ]]; then rm -rf -- "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- preconditions

need_tools() {
  local missing=()
  for tool in curl jq openssl psql awk timeout; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]}"
  local pkgs=()
  command -v wrk >/dev/null || pkgs+=(wrk)
  command -v cfssl >/dev/null || pkgs+=(golang-cfssl)
  if ((${#pkgs[@]})); then
    ((EUID == 0)) || die "need ${pkgs[*]} and not root to install them"
    log "installing ${pkgs[*]}"
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y "${pkgs[@]}" >/dev/null 2>&1 ||
      { timeout 600 apt-get update >/dev/null 2>&1 &&
        DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y "${pkgs[@]}" >/dev/null 2>&1; } ||
      die "could not install ${pkgs[*]}"
  fi
  [[ -r $LUA ]] || die "missing $LUA"
  [[ -r $CERTDB_SQL ]] || die "missing $CERTDB_SQL"
  [[ -r $THREADS_AWK ]] || die "missing $THREADS_AWK"
}


wait_for_stack() {
  local code="" deadline=$((SECONDS + STACK_WAIT_SECONDS)) i
  for ((i = 0; i < STACK_WAIT_SECONDS / 5 + 1; i++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$API/me" || true)
    [[ $code == 401 ]] && return 0
    ((SECONDS < deadline)) || break
    ((i == 0)) && log "waiting for the stack (GET /api/v2/me answers $code, want 401), up to ${STACK_WAIT_SECONDS}s"
    sleep 5
  done
  die "the stack is not up: GET $API/me answers ${code:-nothing}, not 401 (start it with wildfly-config/bin/pca start)"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------- HTTP helpers

operator_token() { client_token pca-api "$PCA_API_CLIENT_SECRET"; }
admin_token() { client_token "$KC_CLIENT_ID" "$KC_CLIENT_SECRET"; }

# ---------------------------------------------------------------- PCA setup

setup_pca() {
  local admin operator template
  admin=$(admin_token) || die "no token for $KC_CLIENT_ID"
  REPO_NAME="bench-$RAND"
  REPO_ID=$(call POST "$API/repositories" "$admin" 201 "$(jq -nc --arg n "$REPO_NAME" \
    '{name:$n, crlEnabled:true, crlPeriodSeconds:86400, ocspEnabled:true, ocspValiditySeconds:3600}')" |
    jq -er .id) || die "could not create repository"
  ROOT_ID=$(call POST "$API/repositories/$REPO_ID/issuers" "$admin" 201 "$(jq -nc --arg l "bench-root-$RAND" \
    '{label:$l, subject:"CN=Bench Root", keySpec:"EC_P256", validityDays:3650, pathLength:1}')" |
    jq -er .id) || die "could not create the root"
  INT_ID=$(call POST "$API/issuers/$ROOT_ID/intermediates" "$admin" 201 "$(jq -nc --arg l "bench-int-$RAND" \
    '{label:$l, subject:"CN=Bench Intermediate", keySpec:"EC_P256", validityDays:3000, pathLength:0}')" |
    jq -er .id) || die "could not create the intermediate"
  template='{"name":"bench","spec":{"limits":{"maxValidity":"PT2160H","allowedKeys":[{"algorithm":"EC","minBits":256},{"algorithm":"RSA","minBits":2048}],"dnsSuffixes":["example.com"],"dnsPatterns":[],"allowWildcardNames":false,"ipRanges":[],"emailDomains":[],"uriPrefixes":[],"maxSans":5,"cnMustBeSan":true,"csrSubjectFields":["CN"]},"settings":{"keyUsage":["DIGITAL_SIGNATURE","KEY_ENCIPHERMENT"],"extendedKeyUsage":["TLS_SERVER"],"subjectDefaults":[],"signatureAlgorithm":null}}}'
  operator=$(operator_token) || die "no token for pca-api"
  TEMPLATE_ID=$(call POST "$API/repositories/$REPO_ID/templates" "$operator" 201 "$template" | jq -er .id) ||
    die "could not create the template"
  log "PCA: repository $REPO_NAME ($REPO_ID), root $ROOT_ID, intermediate $INT_ID, template $TEMPLATE_ID"
}

# split_pem FILE PREFIX: writes PREFIX-0.pem, PREFIX-1.pem, ...; prints the count
split_pem() {
  awk -v p="$2" '/-----BEGIN CERTIFICATE-----/{f=sprintf("%s-%d.pem", p, n++)} f{print > f} /-----END CERTIFICATE-----/{close(f); f=""} END{print n+0}' "$1"
}

# check_pca KEY: issues once, verifies the certificate against its chain and the CSR key
check_pca() {
  local key=$1 operator answer n s1 s2
  operator=$(operator_token) || die "no token for pca-api"
  answer=$(call POST "$API/issuers/$INT_ID/certificates" "$operator" 201 "$(cat "$WORK/pca-$key.json")") ||
    die "PCA refused the $key CSR"
  jq -er .pem <<<"$answer" >"$WORK/pca-$key-leaf.pem" || die "no field pem in PCA's answer"
  jq -er .chain <<<"$answer" >"$WORK/pca-$key-chain.pem" || die "no field chain in PCA's answer"
  n=$(split_pem "$WORK/pca-$key-chain.pem" "$WORK/pca-$key-chain")
  ((n == 3)) || die "PCA's chain has $n certificates, wanted 3 (leaf, intermediate, root)"
  cmp -s <(openssl x509 -outform DER -in "$WORK/pca-$key-leaf.pem") \
    <(openssl x509 -outform DER -in "$WORK/pca-$key-chain-0.pem") || die "chain[0] is not the issued certificate"
  openssl verify -x509_strict -purpose sslserver -CAfile "$WORK/pca-$key-chain-2.pem" \
    -untrusted "$WORK/pca-$key-chain-1.pem" "$WORK/pca-$key-leaf.pem" >"$WORK/verify.txt" 2>&1 ||
    die "openssl verify failed for PCA's $key certificate: $(cat "$WORK/verify.txt")"
  same_key "$WORK/pca-$key-leaf.pem" "$key" || die "PCA's $key certificate does not carry the CSR's key"
  s1=$(openssl x509 -noout -serial -in "$WORK/pca-$key-leaf.pem")
  answer=$(call POST "$API/issuers/$INT_ID/certificates" "$operator" 201 "$(cat "$WORK/pca-$key.json")") ||
    die "PCA refused the $key CSR the second time"
  s2=$(jq -er .pem <<<"$answer" | openssl x509 -noout -serial)
  [[ $s1 != "$s2" ]] || die "PCA issued the same serial twice"
  log "PCA $key: openssl verify OK ($(openssl x509 -noout -subject -in "$WORK/pca-$key-leaf.pem")); serials differ"
}

same_key() {
  cmp -s <(openssl x509 -noout -pubkey -in "$1") <(openssl req -noout -pubkey -in "$WORK/$2.csr")
}

# ---------------------------------------------------------------- cfssl

make_cfssl_ca() {
  cat >"$WORK/ca-csr.json" <<'EOF'
{"CN":"Bench cfssl Root","key":{"algo":"ecdsa","size":256},"names":[{"O":"Bench"}]}
EOF
  cat >"$WORK/config.json" <<'EOF'
{"signing":{"default":{"expiry":"2160h","usages":["signing","key encipherment","server auth"]}}}
EOF
  (cd "$WORK" && cfssl gencert -initca ca-csr.json >"$WORK/ca.json" 2>"$WORK/gencert.log") ||
    die "cfssl gencert -initca failed: $(tail -3 "$WORK/gencert.log")"
  jq -er .cert "$WORK/ca.json" >"$WORK/ca.pem" && jq -er .key "$WORK/ca.json" >"$WORK/ca-key.pem" ||
    die "cfssl gencert -initca gave no cert/key"
  openssl x509 -noout -text -in "$WORK/ca.pem" | grep -q 'prime256v1' || die "cfssl CA is not P-256"
  log "cfssl CA: $(openssl x509 -noout -subject -in "$WORK/ca.pem"), P-256"
}

# start_cfssl [DBCONFIG]
start_cfssl() {
  local args=(serve -address 127.0.0.1 -port "$CFSSL_PORT" -ca "$WORK/ca.pem" -ca-key "$WORK/ca-key.pem"
    -config "$WORK/config.json" -loglevel 3)
  [[ -n ${1-} ]] && args+=(-db-config "$1")
  port_free "$CFSSL_PORT" || die "port $CFSSL_PORT is in use"
  CFSSL_CMD="cfssl ${args[*]}"
  cfssl "${args[@]}" >>"$WORK/cfssl.log" 2>&1 &
  CFSSL_PID=$!
  local i
  for ((i = 0; i < 100; i++)); do
    port_free "$CFSSL_PORT" || { log "cfssl serve up (pid $CFSSL_PID)${1:+ with -db-config}"; return 0; }
    kill -0 "$CFSSL_PID" 2>/dev/null || break
    sleep 0.1
  done
  die "cfssl serve did not come up: $(tail -5 "$WORK/cfssl.log")"
}

stop_cfssl() {
  local i
  if kill -0 "$CFSSL_PID" 2>/dev/null; then
    kill -TERM "$CFSSL_PID" 2>/dev/null
    for ((i = 0; i < 50; i++)); do kill -0 "$CFSSL_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$CFSSL_PID" 2>/dev/null && kill -KILL "$CFSSL_PID" 2>/dev/null
    wait "$CFSSL_PID" 2>/dev/null || true
    log "stopped cfssl (pid $CFSSL_PID)"
  fi
  CFSSL_PID=""
}

check_cfssl() {
  local key=$1 answer
  answer=$(call POST "$CFSSL_URL" "" 200 "$(cat "$WORK/cfssl-$key.json")") || die "cfssl refused the $key CSR"
  jq -e '.success == true' <<<"$answer" >/dev/null || die "cfssl answered success != true: $answer"
  jq -er .result.certificate <<<"$answer" >"$WORK/cfssl-$key-leaf.pem" || die "no certificate in cfssl's answer"
  openssl verify -CAfile "$WORK/ca.pem" "$WORK/cfssl-$key-leaf.pem" >"$WORK/verify.txt" 2>&1 ||
    die "openssl verify failed for cfssl's $key certificate: $(cat "$WORK/verify.txt")"
  same_key "$WORK/cfssl-$key-leaf.pem" "$key" || die "cfssl's $key certificate does not carry the CSR's key"
  log "cfssl $key: success:true, openssl verify OK"
}

make_bench_db() {
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $BENCH_DB" >/dev/null || die "cannot drop old $BENCH_DB"
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE $BENCH_DB" >/dev/null || die "cannot create $BENCH_DB"
  DB_CREATED=1
  "${PSQL[@]}" -d "$BENCH_DB" -f "$CERTDB_SQL" >/dev/null || die "cannot apply $CERTDB_SQL"
  jq -n --arg ds "host=127.0.0.1 port=5432 user=postgres dbname=$BENCH_DB sslmode=disable" \
    '{driver:"postgres", data_source:$ds}' >"$WORK/db.json"
  log "database $BENCH_DB made with the cfssl certdb schema"
}

cfssl_rows() { "${PSQL[@]}" -d "$BENCH_DB" -c "SELECT count(*) FROM certificates"; }

# ---------------------------------------------------------------- measuring

pca_rows() {
  "${PSQL[@]}" -d pca -F ' ' -c "SELECT (SELECT count(*) FROM certificate WHERE issuer_id = '$INT_ID'),
    (SELECT count(*) FROM audit_event WHERE action = 'certificate.issue' AND detail LIKE 'issuer=bench-int-$RAND %')"
}

# wrk_once NAME DURATION URL BODYFILE TOKEN: one bounded wrk run, output in $WORK/wrk-NAME.txt
wrk_once() {
  local name=$1 duration=$2 url=$3 body=$4 token=$5
  BENCH_BODY_FILE=$body BENCH_TOKEN=$token timeout "$WRK_TIMEOUT" \
    wrk -t"$THREADS" -c"$CONNS" -d"$duration" --latency -s "$LUA" "$url" >"$WORK/wrk-$name.txt" 2>&1 ||
    die "wrk failed for $name: $(tail -5 "$WORK/wrk-$name.txt")"
}

# latency value of wrk (e.g. 812.00us, 3.21ms, 1.02s) in milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN{ n=v+0; u=v; sub(/^[0-9.]+/, "", u);
    if (u=="us") n/=1000; else if (u=="s") n*=1000; else if (u=="m") n*=60000; printf "%.2f", n }'
}

# wrk_field FILE what
wrk_field() {
  case $2 in
    rps) awk '/^Requests\/sec:/{print $2}' "$1" ;;
    total) awk '/requests in/{print $1; exit}' "$1" ;;
    p50) to_ms "$(awk '$1=="50%"{print $2; exit}' "$1")" ;;
    p99) to_ms "$(awk '$1=="99%"{print $2; exit}' "$1")" ;;
    non2xx) awk -F: '/Non-2xx or 3xx responses/{gsub(/ /,"",$2); n=$2} END{print n+0}' "$1" ;;
    sockerr) awk '/Socket errors/{gsub(/,/,""); print $4+$6+$8+$10; f=1} END{if(!f) print 0}' "$1" ;;
  esac
}

declare -A R # results: R[name,field]
RUN_NAMES=()
INVALID=()
NOTES=() # attempts that did not count, and why

audit_seq() { "${PSQL[@]}" -d pca -c "SELECT coalesce(max(seq), 0) FROM audit_event"; }

# audit events since SEQ that are not this benchmark's issuances: other use of PCA during a run
foreign_events() {
  "${PSQL[@]}" -d pca -c "SELECT count(*) FROM audit_event WHERE seq > $1
    AND NOT (action = 'certificate.issue' AND detail LIKE 'issuer=bench-int-$RAND %')"
}

# PostgreSQL sessions ever opened to the database that run NAME writes to (pg_stat_database.sessions)
db_sessions() {
  local db=pca
  case $1 in cfssl-nodb-*) echo 0; return ;; cfssl-db-*) db=$BENCH_DB ;; esac
  "${PSQL[@]}" -d postgres -c "SELECT coalesce(sum(sessions), 0) FROM pg_stat_database WHERE datname = '$db'"
}

log_lines() { wc -l <"$SERVER_LOG" 2>/dev/null || echo 0; }

# WildFly log lines since line FROM (the whole file if it was rotated meanwhile)
log_since() {
  local from=$1
  (($(log_lines) + 1 >= from)) || from=1
  tail -n +"$from" "$SERVER_LOG" 2>/dev/null || true
}

wildfly_pid() {
  local pid
  pid=$(cat "$WILDFLY_PIDFILE" 2>/dev/null) || return 0
  [[ $(ps -o comm= -p "$pid" 2>/dev/null) == java ]] && echo "$pid"
  return 0
}

# measure NAME URL BODYFILE KIND(pca|cfssl): warm-up then measured wrk run. An attempt does not count
# when wrk saw non-2xx answers or socket errors, or WildFly redeployed during it (someone else's
# doing); it is retried up to MAX_ATTEMPTS times, and every attempt that did not count is reported.
MAX_ATTEMPTS=3
measure() {
  local name=$1 url=$2 body=$3 kind=$4 token="" f attempt from seq0 redeploys why sampler
  for ((attempt = 1; attempt <= MAX_ATTEMPTS; attempt++)); do
    [[ $kind == pca ]] && { token=$(operator_token) || die "no token for pca-api"; }
    log "$name: warm-up $WARMUP (attempt $attempt)"
    wrk_once "$name-warmup" "$WARMUP" "$url" "$body" "$token"
    [[ $(wrk_field "$WORK/wrk-$name-warmup.txt" non2xx) == 0 ]] ||
      log "WARNING: $name warm-up had non-2xx answers: $(wrk_field "$WORK/wrk-$name-warmup.txt" non2xx)"
    [[ $kind == pca ]] && { token=$(operator_token) || die "no token for pca-api"; }
    case $name in
      ours-*) R[$name,before]=$(pca_rows) ;;
      cfssl-db-*) R[$name,before]=$(cfssl_rows) ;;
    esac
    from=$(($(log_lines) + 1))
    seq0=$(audit_seq)
    R[$name,sessions0]=$(db_sessions "$name")
    log "$name: wrk -t$THREADS -c$CONNS -d$DURATION --latency"
    sampler=""
    WILDFLY_PID=$(wildfly_pid)
    if [[ $kind == pca && -n $WILDFLY_PID ]]; then
      rm -f "$WORK"/td-"$name"-*.txt "$WORK/top-$name.txt" "$WORK/pgwait-$name.txt"
      sample_wildfly "$name" &
      sampler=$!
    fi
    local spid=${WILDFLY_PID:-0} cpu0 cpu1
    [[ $kind == cfssl ]] && spid=$CFSSL_PID
    cpu0=$(cpu_snapshot "$spid")
    wrk_once "$name" "$DURATION" "$url" "$body" "$token"
    cpu1=$(cpu_snapshot "$spid")
    if [[ -n $sampler ]]; then wait "$sampler" 2>/dev/null || true; fi
    sleep 1 # let in-flight requests finish before counting rows
    case $name in
      ours-*) R[$name,after]=$(pca_rows) ;;
      cfssl-db-*) R[$name,after]=$(cfssl_rows) ;;
    esac
    for f in rps total p50 p99 non2xx sockerr; do R[$name,$f]=$(wrk_field "$WORK/wrk-$name.txt" "$f"); done
    R[$name,foreign]=$(foreign_events "$seq0")
    R[$name,sessions]=$(($(db_sessions "$name") - R[$name,sessions0]))
    cpu_account "$name" "$cpu0" "$cpu1"
    R[$name,attempts]=$attempt
    redeploys=$(log_since "$from" | grep -cE 'WFLYSRV0027|WFLYSRV0028|WFLYSRV0010|WFLYSRV0009' || true)
    why=""
    ((R[$name,non2xx] == 0)) || why+="${R[$name,non2xx]} non-2xx answers; "
    ((R[$name,sockerr] == 0)) || why+="${R[$name,sockerr]} socket errors; "
    ((${R[$name,total]:-0} > 0)) || why+="no requests completed; "
    ((redeploys == 0)) || why+="WildFly (re)deployed during the run ($redeploys deployment log lines, not done by this script); "
    if [[ -z $why ]]; then
      log "$name: ${R[$name,rps]} req/s, p50 ${R[$name,p50]} ms, p99 ${R[$name,p99]} ms, non-2xx 0, other PCA audit events ${R[$name,foreign]}"
      RUN_NAMES+=("$name")
      return 0
    fi
    why=${why%; }
    log "!!! $name attempt $attempt does not count: $why"
    NOTES+=("$name attempt $attempt did not count (${R[$name,rps]} req/s, p50 ${R[$name,p50]} ms): $why. WildFly log errors during it: $(log_since "$from" | grep -E ' (ERROR|SEVERE) ' | sed -E 's/^[0-9-]+ [0-9:,]+ +[A-Z]+ +\[([^]]*)\] \([^)]*\) /\1: /' | cut -c1-160 | sort | uniq -c | sort -rn | head -3 | awk '{$1=$1 "×"; print}' | paste -sd '|' | sed 's/|/; /g')")
    ((attempt < MAX_ATTEMPTS)) && sleep 10
  done
  INVALID+=("$name")
  RUN_NAMES+=("$name")
  log "!!! $name INVALID after $MAX_ATTEMPTS attempts"
}

# warm_jvm URL BODYFILE: a JVM compiles its hot code while it runs; WildFly's takes minutes of load
# on two cores (its rate rises, pauses, and rises again), Go's cfssl none. Rounds of WARM_ROUND of
# the same load run, at least WARM_MIN of them, until two rounds in a row agree within 3% (at most
# WARM_ROUNDS), so that PCA is measured warm, as a server runs.
WARM_ROUND=20s
WARM_MIN=12
WARM_ROUNDS=20
WARM_RATES=()
warm_jvm() {
  local url=$1 body=$2 token rate previous=0 i
  for ((i = 1; i <= WARM_ROUNDS; i++)); do
    token=$(operator_token) || die "no token for pca-api"
    wrk_once "jit-warm-$i" "$WARM_ROUND" "$url" "$body" "$token"
    rate=$(wrk_field "$WORK/wrk-jit-warm-$i.txt" rps)
    WARM_RATES+=("${rate%.*}")
    log "JIT warm-up round $i: $rate req/s"
    if ((i >= WARM_MIN)) && awk -v a="$rate" -v b="$previous" 'BEGIN{exit !(b > 0 && a / b < 1.03 && b / a < 1.03)}'; then
      return 0
    fi
    previous=$rate
  done
  log "WARNING: PCA's rate did not settle within $WARM_ROUNDS warm-up rounds"
}

# sample_wildfly NAME: during a run, five thread dumps of the WildFly JVM with a look at what PCA's
# PostgreSQL sessions wait for at the same moments, and one `top -H` of its threads
sample_wildfly() {
  local name=$1 i
  sleep 5
  for ((i = 1; i <= 5; i++)); do
    timeout 20 jcmd "$WILDFLY_PID" Thread.print >"$WORK/td-$name-$i.txt" 2>/dev/null || true
    "${PSQL[@]}" -d postgres -c "SELECT coalesce(wait_event_type || ':' || wait_event, 'on CPU')
      FROM pg_stat_activity WHERE datname = 'pca' AND state <> 'idle' AND pid <> pg_backend_pid()" \
      >>"$WORK/pgwait-$name.txt" 2>/dev/null || true
    if ((i == 3)); then
      timeout 10 top -H -b -n 2 -d 1 -w 200 -p "$WILDFLY_PID" >"$WORK/top-$name.txt" 2>/dev/null || true
    fi
    sleep 2
  done
}

# "N× category" of the request threads in the dumps of run NAME (see threads.awk)
profile_summary() {
  local dumps=("$WORK"/td-"$1"-*.txt)
  [[ -e ${dumps[0]} ]] || { echo "no thread dumps taken"; return; }
  printf '%d dumps, busy request threads: ' "${#dumps[@]}"
  awk -f "$THREADS_AWK" "${dumps[@]}" | sort | uniq -c | sort -rn | head -6 |
    awk '{c = $1; $1 = ""; sub(/^ /, ""); printf "%s%d× %s", (NR > 1 ? ", " : ""), c, $0}'
}

pgwait_summary() {
  local f=$WORK/pgwait-$1.txt
  [[ -s $f ]] || { echo "no samples"; return; }
  sort "$f" | uniq -c | sort -rn | head -5 | awk '{c = $1; $1 = ""; sub(/^ /, ""); printf "%s%d× %s", (NR > 1 ? ", " : ""), c, $0}'
}

# the busiest threads of the second `top -H` frame, the process line left out
top_summary() {
  local f=$WORK/top-$1.txt
  [[ -s $f ]] || { echo "no top sample"; return; }
  awk -v pid="$WILDFLY_PID" '/^top -/{frame++} frame == 2 && /^ *PID/{h = 1; next}
    frame == 2 && h && NF >= 12 && $1 != pid && n < 4 {cmd = $12; for (i = 13; i <= NF; i++) cmd = cmd " " $i;
      printf "%s%s %s%%", (n++ ? ", " : ""), cmd, $9}' "$f"
}

# ---------------------------------------------------------------- CPU accounting

CLK_TCK=$(getconf CLK_TCK)
pid_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# PostgreSQL: live processes plus what the postmaster collected from ended backends
pg_ticks() {
  local pm
  pm=$(head -1 /var/run/postgresql/15-main.pid 2>/dev/null || pgrep -o -x postgres || true)
  { cat /proc/[0-9]*/stat 2>/dev/null | awk '$2 == "(postgres)" {s += $14 + $15} END {print s + 0}'
    if [[ -n $pm ]]; then awk '{print $16 + $17}' "/proc/$pm/stat" 2>/dev/null || true; fi; } | awk '{s += $1} END {print s + 0}'
}
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat; } # busy idle

# cpu_snapshot SERVER_PID: "wall server postgres busy idle"
cpu_snapshot() { echo "$(date +%s.%N) $(pid_ticks "$1") $(pg_ticks) $(machine_ticks)"; }

# cpu_account NAME BEFORE AFTER: server cores, PostgreSQL cores, machine busy %, server CPU ms per request
cpu_account() {
  read -r w0 s0 p0 b0 i0 <<<"$2"
  read -r w1 s1 p1 b1 i1 <<<"$3"
  R[$1,cpu]=$(awk -v w0="$w0" -v w1="$w1" -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v b=$((b1 - b0)) \
    -v i=$((i1 - i0)) -v t="$CLK_TCK" -v n="${R[$1,total]:-0}" 'BEGIN {
      d = w1 - w0; printf "%.2f / %.2f / %.0f%% / %.1f", s / t / d, p / t / d, 100 * b / (b + i), (n > 0 ? 1000 * s / t / n : 0) }')
}

# ---------------------------------------------------------------- report

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b+0 == 0) print "n/a"; else printf "%.2f", a/b }'; }

write_results() {
  local tmp=$RESULTS.tmp k name valid
  mkdir -p "$(dirname "$RESULTS")"
  {
    echo "# Issuance benchmark: PCA REST API vs cfssl"
    echo
    echo "Produced by \`system-tests/bench/issuance.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo
    if ((${#INVALID[@]})); then
      echo "> **INVALID RUNS: ${INVALID[*]}** — after $MAX_ATTEMPTS attempts each still had non-2xx answers,"
      echo "> socket errors or a WildFly redeployment; their numbers do not count. See \"Attempts that did not count\"."
      echo
    fi
    echo "| CSR key | server | certs/s | p50 ms | p99 ms | requests | non-2xx | rows written in the run | CPU: server cores / PostgreSQL cores / machine busy / server CPU ms per cert | other PCA audit events | OURS/this |"
    echo "|---|---|---:|---:|---:|---:|---:|---|---|---:|---:|"
    for k in ec rsa; do
      for name in "ours-$k" "cfssl-db-$k" "cfssl-nodb-$k"; do
        [[ -n ${R[$name,rps]:-} ]] || continue
        local label rows="" r=""
        case $name in
          ours-*) label="OURS (PCA, PostgreSQL + audit)"
            read -r c0 a0 <<<"${R[$name,before]}"; read -r c1 a1 <<<"${R[$name,after]}"
            rows="$((c1 - c0)) certificate, $((a1 - a0)) audit_event; ${R[$name,sessions]} new PG sessions" ;;
          cfssl-db-*) label="cfssl with certdb (PostgreSQL)"
            c0=${R[$name,before]}; c1=${R[$name,after]}
            rows="$((c1 - c0)) certificates; ${R[$name,sessions]} new PG sessions"
            r=$(ratio "${R[ours-$k,rps]:-0}" "${R[$name,rps]}") ;;
          cfssl-nodb-*) label="cfssl without db"; rows="none (no db)"
            r=$(ratio "${R[ours-$k,rps]:-0}" "${R[$name,rps]}") ;;
        esac
        valid=""; [[ " ${INVALID[*]} " == *" $name "* ]] && valid=" **INVALID**"
        printf '| %s | %s%s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
          "$([[ $k == ec ]] && echo 'EC P-256' || echo 'RSA 2048')" "$label" "$valid" "${R[$name,rps]}" \
          "${R[$name,p50]}" "${R[$name,p99]}" "${R[$name,total]}" "${R[$name,non2xx]}" "$rows" \
          "${R[$name,cpu]}" "${R[$name,foreign]}" "${r:-—}"
      done
    done
    echo
    echo "**Targets** (OURS): at least 1,000 certificates/s, and ahead of cfssl with its database."
    for k in ec rsa; do
      [[ -n ${R[ours-$k,rps]:-} ]] || continue
      local o=${R[ours-$k,rps]} d=${R[cfssl-db-$k,rps]:-0}
      printf -- '- %s CSR: %.0f certs/s — ≥ 1,000/s: **%s**; ahead of cfssl with db (%.0f/s): **%s** (ratio %s; vs cfssl without db: %s).\n' \
        "$([[ $k == ec ]] && echo 'P-256' || echo 'RSA-2048')" "$o" \
        "$(awk -v o="$o" 'BEGIN{print (o >= 1000) ? "met" : "NOT met"}')" "$d" \
        "$(awk -v o="$o" -v d="$d" 'BEGIN{print (o > d) ? "met" : "NOT met"}')" \
        "$(ratio "$o" "$d")" "$(ratio "$o" "${R[cfssl-nodb-$k,rps]:-0}")"
    done
    echo
    echo "## Method"
    echo
    echo "Machine: Debian $(cat /etc/debian_version 2>/dev/null), \`nproc\` = $(nproc), \`free -g\` total memory"
    echo "$(free -g | awk '/^Mem:/{print $2}') GiB; $(uname -r). Load generator, servers and PostgreSQL 15"
    echo "($("${PSQL[@]}" -d postgres -c 'SHOW server_version' | awk '{print $1}')) all share these cores; all traffic is on 127.0.0.1."
    echo "Versions: ${WILDFLY_VERSION:-WildFly (unknown)}, $(java -version 2>&1 | head -1 | tr -d '"'),"
    echo "cfssl $(cfssl version 2>/dev/null | awk '/^Version/{print $2}') (Debian golang-cfssl $(dpkg-query -W -f='${Version}' golang-cfssl 2>/dev/null),"
    echo "$(cfssl version 2>/dev/null | awk '/^Runtime/{print $2}')), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'), $(openssl version | awk '{print $1, $2}')."
    echo
    echo "Each run signs one fixed CSR over and over (CN and DNS SAN bench.example.com), made once with"
    echo "\`openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=bench.example.com -addext subjectAltName=DNS:bench.example.com\`"
    echo "and the same with \`-newkey rsa:2048\`. Both CAs sign with P-256 keys in every run; only the"
    echo "subject key of the CSR changes. Every answer is a new certificate with a new random serial."
    echo "Before measuring, one answer of each server is checked: PCA's with \`openssl verify -x509_strict -purpose sslserver\`"
    echo "against the root and intermediate from the answer's \`chain\` (and a second answer has another serial);"
    echo "cfssl's is \`success:true\` and verifies against its CA. Each measured run is preceded by a"
    echo "${WARMUP} warm-up run of the same command, and a fresh token is fetched before each wrk run (tokens live 300 s)."
    echo
    echo "- **JIT warm-up** (OURS only): before PCA's runs, at least $WARM_MIN rounds of $WARM_ROUND of the P-256 load, until two"
    echo "  rounds in a row agree within 3% (at most $WARM_ROUNDS): ${#WARM_RATES[@]} rounds, $(IFS=' → '; echo "${WARM_RATES[*]}" | sed 's/ / → /g') certs/s. The JVM compiles"
    echo "  WildFly's hot code under load for minutes on two cores; cfssl is compiled ahead of time and needs none."
    echo "- **OURS**: PCA in WildFly, the intermediate's key in SoftHSM2 through SunPKCS11; each 201 persists the"
    echo "  certificate and its hash-chained audit event in PostgreSQL. Setup through the REST API: temporary"
    echo "  Keycloak client \`$KC_CLIENT_ID\` (service account with realm role pca-admin, deleted at the end),"
    echo "  repository \`$REPO_NAME\` (left behind), P-256 root (pathLength 1), P-256 intermediate \`bench-int-$RAND\`"
    echo "  (pathLength 0), template \`bench\` (TLS server, max 2160 h). Requests carry a \`pca-api\` operator token:"
    echo "  \`BENCH_BODY_FILE=pca-ec.json BENCH_TOKEN=<token> wrk -t$THREADS -c$CONNS -d$DURATION --latency -s system-tests/bench/post.lua $API/issuers/$INT_ID/certificates\`"
    echo "  with body \`{\"templateId\":\"$TEMPLATE_ID\",\"csr\":\"<PEM>\"}\`. Rows written = new \`certificate\` rows of"
    echo "  the intermediate and \`certificate.issue\` audit events during the measured run (in-flight requests at the end included)."
    echo "- **cfssl without db**: P-256 CA from \`cfssl gencert -initca\` (\`\"key\":{\"algo\":\"ecdsa\",\"size\":256}\`), profile"
    echo "  \`{\"signing\":{\"default\":{\"expiry\":\"2160h\",\"usages\":[\"signing\",\"key encipherment\",\"server auth\"]}}}\`;"
    echo "  \`cfssl serve -address 127.0.0.1 -port $CFSSL_PORT -ca ca.pem -ca-key ca-key.pem -config config.json -loglevel 3\`;"
    echo "  \`BENCH_BODY_FILE=cfssl-ec.json wrk -t$THREADS -c$CONNS -d$DURATION --latency -s system-tests/bench/post.lua $CFSSL_URL\`"
    echo "  with body \`{\"certificate_request\":\"<PEM>\"}\`."
    echo "- **cfssl with certdb**: the same plus \`-db-config db.json\`, \`{\"driver\":\"postgres\",\"data_source\":\"host=127.0.0.1 port=5432 user=postgres dbname=$BENCH_DB sslmode=disable\"}\`"
    echo "  (this cfssl build has lib/pq). The Debian packages do not ship cfssl's migrations, so the schema is"
    echo "  \`system-tests/bench/cfssl-certdb-pg.sql\` (columns of the packaged certdb Go source). cfssl inserts one"
    echo "  \`certificates\` row per signature; rows written = rows counted after minus before the measured run;"
    echo "  ${CFSSL_DB_TOTAL:-?} rows in total (checks and warm-ups included) before \`$BENCH_DB\` was dropped."
    echo "- Log level 3 (warning) for cfssl so that it does not log every request; WildFly runs as \`pca start\` configures it."
    echo "- CPU column, over the measured run: CPU time of the server process (WildFly JVM or cfssl) and of all"
    echo "  PostgreSQL processes, in cores (of $(nproc)), from /proc; machine busy = all cores, wrk included; server"
    echo "  CPU ms per cert = server CPU time / completed requests. \"Other PCA audit events\" counts audit events"
    echo "  written during the run that are not this benchmark's issuances: other use of the shared stack (0 = quiet)."
    echo "  \"New PG sessions\" = \`pg_stat_database.sessions\` of the written database, after minus before the run."
    echo
    echo "## Where PCA's time goes"
    echo
    echo "Sampled during each measured OURS run: \`jcmd <wildfly-pid> Thread.print\` five times, the request threads"
    echo "(\`default task-*\`) sorted by \`system-tests/bench/threads.awk\`; at the same moments the wait events of PCA's"
    echo "non-idle PostgreSQL sessions (\`pg_stat_activity\`); one \`top -H -p <wildfly-pid>\`."
    echo
    for k in ec rsa; do
      [[ -n ${R[ours-$k,rps]:-} ]] || continue
      echo "- ours-$k: $(profile_summary "ours-$k"). PostgreSQL: $(pgwait_summary "ours-$k"). \`top -H\`: $(top_summary "ours-$k")."
    done
    echo
    echo "## Attempts that did not count"
    echo
    if ((${#NOTES[@]})); then
      echo "A run is repeated (at most $MAX_ATTEMPTS attempts) when wrk saw any non-2xx answer or socket error, or"
      echo "when WildFly redeployed during it (the stack is shared; this script never redeploys)."
      echo
      local note
      for note in "${NOTES[@]}"; do echo "- $note"; done
    else
      echo "None: every run counted at its first attempt."
    fi
  } >"$tmp"
  mv -f "$tmp" "$RESULTS"
  log "results written to $RESULTS"
}

# ---------------------------------------------------------------- main

main() {
  ((EUID == 0)) || log "not root: installing missing tools will fail"
  need_tools
  load_secrets PCA_KEYCLOAK_ADMIN_PASSWORD PCA_API_CLIENT_SECRET
  wait_for_stack
  "${PSQL[@]}" -d pca -c 'SELECT 1' >/dev/null || die "cannot reach PostgreSQL database pca on 127.0.0.1:5432 as postgres"
  port_free "$CFSSL_PORT" || die "port $CFSSL_PORT is in use"
  WORK=$(mktemp -d /tmp/pca-issuance-bench.XXXXXX)
  RAND=$(openssl rand -hex 4)
  WILDFLY_PID=$(wildfly_pid)
  [[ -n $WILDFLY_PID ]] || log "WARNING: no WildFly JVM pid in $WILDFLY_PIDFILE: no thread dumps"
  WILDFLY_VERSION=$(grep -o 'WildFly [0-9][^ ]* ([^)]*)' "$SERVER_LOG" 2>/dev/null | tail -1 || true)

  # CSRs and request bodies
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/ec.key" \
    -subj /CN=bench.example.com -addext subjectAltName=DNS:bench.example.com -out "$WORK/ec.csr" 2>/dev/null ||
    die "openssl could not make the P-256 CSR"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$WORK/rsa.key" \
    -subj /CN=bench.example.com -addext subjectAltName=DNS:bench.example.com -out "$WORK/rsa.csr" 2>/dev/null ||
    die "openssl could not make the RSA CSR"

  make_kc_client bench-admin
  setup_pca
  for k in ec rsa; do
    jq -n --rawfile csr "$WORK/$k.csr" --arg t "$TEMPLATE_ID" '{templateId:$t, csr:$csr}' >"$WORK/pca-$k.json"
    jq -n --rawfile csr "$WORK/$k.csr" '{certificate_request:$csr}' >"$WORK/cfssl-$k.json"
    check_pca "$k"
  done
  make_cfssl_ca

  # PCA
  warm_jvm "$API/issuers/$INT_ID/certificates" "$WORK/pca-ec.json"
  for k in ec rsa; do measure "ours-$k" "$API/issuers/$INT_ID/certificates" "$WORK/pca-$k.json" pca; done
  # cfssl without database
  start_cfssl
  for k in ec rsa; do check_cfssl "$k"; done
  for k in ec rsa; do measure "cfssl-nodb-$k" "$CFSSL_URL" "$WORK/cfssl-$k.json" cfssl; done
  stop_cfssl
  # cfssl with its certificate database in PostgreSQL
  grep -aq 'github.com/lib/pq' "$(command -v cfssl)" || die "this cfssl build has no postgres driver"
  make_bench_db
  start_cfssl "$WORK/db.json"
  local before
  before=$(cfssl_rows)
  for k in ec rsa; do check_cfssl "$k"; done
  (($(cfssl_rows) == before + 2)) || die "cfssl with -db-config wrote no certificates rows"
  for k in ec rsa; do measure "cfssl-db-$k" "$CFSSL_URL" "$WORK/cfssl-$k.json" cfssl; done
  stop_cfssl
  CFSSL_DB_TOTAL=$(cfssl_rows)
  log "cfssl certdb holds $CFSSL_DB_TOTAL certificates rows"

  write_results
  if ((${#INVALID[@]})); then
    log "!!! invalid runs: ${INVALID[*]} (see $RESULTS and $SERVER_LOG)"
    exit 3
  fi
}

main "$@"
