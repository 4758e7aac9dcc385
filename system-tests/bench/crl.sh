#!/usr/bin/env bash
# CRL benchmark: PCA's full CRL of 1,000,000 revoked certificates against `openssl ca -gencrl`
# over the same revocations (issue 4, "Benchmarks", second point).
#
# Needs the PCA stack already started (this script never starts, stops or redeploys it) and the
# index certificate_replaces (migration V7), without which deleting the bulk rows would take days.
# Other benchmarks and redeploys must not run meanwhile: the script holds the benchmark lock
# ($PCA_BENCH_LOCK, default /tmp/pca-bench.lock) for its whole run; on a shared dev stack run it
# under the stack lock too: `flock /tmp/pca-stack.lock system-tests/bench/crl.sh`. It:
#   1. makes a temporary Keycloak client holding pca-admin, and through PCA's REST API a repository
#      with CRLs (and OCSP) off, a P-256 root and a P-256 intermediate;
#   2. inserts $CRL_BENCH_ENTRIES (1,000,000) revoked certificate rows of the intermediate by SQL:
#      mixed reasons, invalidity dates on most key compromises, some holds, whole-width rows (a
#      placeholder DER as long as a real certificate); then VACUUM ANALYZE and CHECKPOINT, as a
#      table that has been live for a while;
#   3. exports the same rows as an openssl index.txt (R lines: expiry, revocation date and reason,
#      keyTime for an invalidity date) for an openssl CA with a P-256 key in a temp dir;
#   4. $CRL_BENCH_RUNS times, alternating: `openssl ca -gencrl` under /usr/bin/time -v; and OURS:
#      switches CRLs on for the repository through the REST API and times the server's CRL (the
#      INFO line CrlGeneration logs, and until GET /pki/crl/{label}.crl serves it), then switches
#      them off and deletes the CRLs for the next run; the server's heap is sampled with jstat;
#   5. one more OURS run under Java Flight Recorder, summarised by CrlProfile.java (where the time
#      of the thread that made the CRL went), not counted in the times;
#   6. the heap bound: CrlHeap.java, the product's own CrlRows/CrlWriter/Token classes from the
#      deployed EAR, makes the same CRL in a JVM of its own with -Xmx$CHILD_HEAP, signing with the
#      intermediate's key on the same SoftHSM2 token through SunPKCS11 and storing the chunks (then
#      rolled back); GC log and /usr/bin/time -v give its peak heap and RSS; then once more with
#      -Xmx$SMALL_HEAP (48m), to show how little the streaming needs;
#   7. checks: each CRL verifies (`openssl crl -verify`), has $CRL_BENCH_ENTRIES entries, and the
#      three CRLs (server, child, openssl) list the same (serial, date, reason, invalidity date)s;
#   8. writes system-tests/results/crl.md.
# Cleans up on any exit: switches CRLs off again, deletes the bulk rows and the CRLs of both
# issuers, VACUUMs certificate, deletes the Keycloak client and the temp dir. The repository and its
# two issuers are left behind (issuers cannot be deleted), with CRLs off.
# Exit status: 0 results written and every check passed; 1 a precondition, setup or check failed.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RESULTS=$ROOT/system-tests/results/crl.md
SECRETS=$ROOT/.stack/secrets.env
SERVER_LOG=$ROOT/.stack/wildfly/standalone/log/server.log
WILDFLY_PIDFILE=$ROOT/.stack/run/wildfly.pid
WILDFLY_HOME=$ROOT/.stack/wildfly
EAR=$WILDFLY_HOME/standalone/deployments/pca.ear
PKCS11_CONFIG=$WILDFLY_HOME/standalone/configuration/pkcs11.cfg
PG_DRIVER=$WILDFLY_HOME/modules/org/postgresql/main/postgresql.jar
SOFTHSM2_CONF=${SOFTHSM2_CONF:-$ROOT/.stack/softhsm2.conf}
CHILD_SRC=$HERE/CrlHeap.java
PROFILE_SRC=$HERE/CrlProfile.java
BENCH_LOCK=${PCA_BENCH_LOCK:-/tmp/pca-bench.lock}

PCA=http://127.0.0.1:8080
API=$PCA/api/v2
KC=http://127.0.0.1:8180
ENTRIES=${CRL_BENCH_ENTRIES:-1000000}
RUNS=${CRL_BENCH_RUNS:-3}
CHILD_HEAP=${CRL_BENCH_HEAP:-256m}
SMALL_HEAP=${CRL_BENCH_SMALL_HEAP:-48m} # a second child run: how little heap the streaming needs
PERIOD=86400       # the repository's CRL period: nextUpdate = thisUpdate + 1 day, as openssl's
DER_BYTES=680      # placeholder DER per row: a P-256 TLS certificate of this stack is 660-700 bytes
SEED=0.5280        # setseed() of the bulk insert: the same revocations every run
MARKER=crl-bench   # requested_by of the bulk rows
CRL_LOCK_KEY=4411980 # 0x43524c: the first key of CrlRows.tryLock's advisory lock
STACK_WAIT_SECONDS=600
SERVE_TIMEOUT=600  # longest wait for the server's CRL, in seconds

export PGOPTIONS='--client-min-messages=warning'
PSQL=(psql -h 127.0.0.1 -p 5432 -U postgres -d pca -X -q -A -t -v ON_ERROR_STOP=1)

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
WORK=""
KC_CLIENT_ID=""
REPO_ID=""
BULK=0

cleanup() {
  local rc=$?
  set +e
  if [[ -n $REPO_ID ]]; then
    switch_crls false >/dev/null 2>&1 || log "WARNING: could not switch CRLs off for $REPO_NAME"
    wait_crl_idle
    delete_crls
  fi
  if ((BULK)); then delete_bulk; fi
  if [[ -n $KC_CLIENT_ID ]]; then delete_kc_client "$KC_CLIENT_ID"; fi
  if [[ -n $WORK && -d $WORK ]]; then rm -rf -- "$WORK"; fi
  exit "$rc"
}

# ---------------------------------------------------------------- preconditions

need_tools() {
  local missing=() tool
  for tool in curl jq openssl psql awk timeout flock unzip java javac jcmd jstat; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  [[ -x /usr/bin/time ]] || missing+=("/usr/bin/time (Debian package time)")
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]}"
  local f
  for f in "$CHILD_SRC" "$PROFILE_SRC" "$EAR" "$PKCS11_CONFIG" "$PG_DRIVER" "$SOFTHSM2_CONF"; do
    [[ -r $f ]] || die "missing $f"
  done
}


wait_for_stack() {
  local code="" deadline=$((SECONDS + STACK_WAIT_SECONDS))
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$API/me" || true)
    [[ $code == 401 ]] && return 0
    ((SECONDS < deadline)) || break
    log "waiting for the stack (GET /api/v2/me answers $code, want 401)"
    sleep 5
  done
  die "the stack is not up: GET $API/me answers ${code:-nothing}, not 401 (start it with wildfly-config/bin/pca start)"
}

check_database() {
  "${PSQL[@]}" -c 'SELECT 1' >/dev/null || die "cannot reach PostgreSQL database pca on 127.0.0.1:5432 as postgres"
  [[ $("${PSQL[@]}" -c "SELECT count(*) FROM pg_indexes WHERE indexname = 'certificate_replaces'") == 1 ]] ||
    die "no index certificate_replaces (migration V7): deploy the current EAR first, or the cleanup would take days"
  local left
  left=$("${PSQL[@]}" -c "SELECT count(*) FROM certificate WHERE requested_by = '$MARKER'")
  ((left == 0)) || die "$left rows of an earlier run (requested_by = '$MARKER') are still in certificate"
}

wildfly_pid() {
  local pid
  pid=$(cat "$WILDFLY_PIDFILE" 2>/dev/null) || return 0
  [[ $(ps -o comm= -p "$pid" 2>/dev/null) == java ]] && echo "$pid"
  return 0
}

# ---------------------------------------------------------------- HTTP and Keycloak

admin_token() {
  curl -s --max-time 30 -d grant_type=client_credentials -d "client_id=$KC_CLIENT_ID" \
    --data-urlencode "client_secret=$KC_CLIENT_SECRET" \
    "$KC/realms/pca/protocol/openid-connect/token" | jq -er .access_token
}

# ---------------------------------------------------------------- PCA setup and bulk rows

setup_pca() {
  local admin
  admin=$(admin_token) || die "no token for $KC_CLIENT_ID"
  REPO_NAME="crl-bench-$RAND"
  REPO_ID=$(call POST "$API/repositories" "$admin" 201 "$(repository_json false)" | jq -er .id) ||
    die "could not create repository"
  ROOT_ID=$(call POST "$API/repositories/$REPO_ID/issuers" "$admin" 201 "$(jq -nc --arg l "crl-bench-root-$RAND" \
    '{label:$l, subject:"CN=CRL Bench Root", keySpec:"EC_P256", validityDays:3650, pathLength:1}')" |
    jq -er .id) || die "could not create the root"
  INT_LABEL="crl-bench-int-$RAND"
  INT_ID=$(call POST "$API/issuers/$ROOT_ID/intermediates" "$admin" 201 "$(jq -nc --arg l "$INT_LABEL" \
    '{label:$l, subject:"CN=CRL Bench Intermediate", keySpec:"EC_P256", validityDays:3000, pathLength:0}')" |
    jq -er .id) || die "could not create the intermediate"
  curl -s --max-time 30 -o "$WORK/int.pem" "$PCA/pki/ca/$INT_LABEL.pem" &&
    openssl x509 -noout -in "$WORK/int.pem" 2>/dev/null || die "cannot fetch $PCA/pki/ca/$INT_LABEL.pem"
  openssl x509 -noout -text -in "$WORK/int.pem" | grep -q 'prime256v1' || die "the intermediate's key is not P-256"
  log "PCA: repository $REPO_NAME ($REPO_ID), CRLs off; root $ROOT_ID, P-256 intermediate $INT_LABEL ($INT_ID)"
}

repository_json() {
  jq -nc --arg n "$REPO_NAME" --argjson on "$1" --argjson p "$PERIOD" \
    '{name:$n, crlEnabled:$on, crlPeriodSeconds:$p, ocspEnabled:false, ocspValiditySeconds:3600}'
}

switch_crls() {
  local admin
  admin=$(admin_token) || return 1
  call PUT "$API/repositories/$REPO_ID" "$admin" 200 "$(repository_json "$1")" >/dev/null
}

# Reasons as in a large CA's CRL (CRLReason codes of RFC 5280 5.3.1; openssl ca knows no 9 or 10):
# 45% unspecified (no reasonCode), 20% superseded (4), 15% cessationOfOperation (5), 10%
# affiliationChanged (3), 8% keyCompromise (1; 3 in 4 of them with an invalidity date up to 30 days
# before the revocation), 2% certificateHold (6, status ON_HOLD). Certificates were valid 398 days
# from a day in the past year, so none has expired (all are on the CRL); each was revoked between
# its notBefore and now. Serials are 20 octets, lowercase hex without leading zeros as PCA stores
# them. Times are whole seconds, as both CRLs carry them.
insert_bulk() {
  log "inserting $ENTRIES revoked certificate rows for $INT_LABEL"
  local t0=$SECONDS
  BULK=1
  "${PSQL[@]}" >/dev/null <<SQL || die "the bulk insert failed"
SELECT setseed($SEED);
INSERT INTO certificate (id, repository_id, issuer_id, template_id, serial, subject_dn, sans, not_before,
    not_after, der, status, revocation_reason, revoked_at, invalidity_date, requested_by, channel,
    server_key, replaces_id, created_at, version)
SELECT gen_random_uuid(), '$REPO_ID', '$INT_ID', NULL, r.serial, 'CN=crl-bench-' || r.i || '.example.com',
    'DNS:crl-bench-' || r.i || '.example.com', r.not_before, r.not_before + interval '398 days', b.der,
    CASE WHEN r.reason = 6 THEN 'ON_HOLD' ELSE 'REVOKED' END, r.reason, r.revoked_at,
    CASE WHEN r.reason = 1 AND r.u4 < 0.75
      THEN greatest(r.not_before, r.revoked_at - date_trunc('second', r.u5 * interval '30 days')) END,
    '$MARKER', 'REST', false, NULL, r.not_before, 0
FROM (
  SELECT s.*, s.not_before + date_trunc('second', s.u2 * (date_trunc('second', now()) - s.not_before)) AS revoked_at,
    CASE WHEN s.u3 < 0.45 THEN 0 WHEN s.u3 < 0.65 THEN 4 WHEN s.u3 < 0.80 THEN 5
         WHEN s.u3 < 0.90 THEN 3 WHEN s.u3 < 0.98 THEN 1 ELSE 6 END AS reason
  FROM (
    SELECT i, substr('1234567', 1 + i % 7, 1) || md5('$SEED/' || i) || substr(md5('$SEED//' || i), 1, 7) AS serial,
      date_trunc('second', now()) - date_trunc('second', (1 + random() * 364) * interval '1 day') AS not_before,
      random() AS u2, random() AS u3, random() AS u4, random() AS u5
    FROM generate_series(1, $ENTRIES) i
  ) s
) r,
(SELECT substring(decode(string_agg(md5('der' || g), '' ORDER BY g), 'hex') FROM 1 FOR $DER_BYTES) AS der
   FROM generate_series(1, ($DER_BYTES + 15) / 16) g) b;
SQL
  log "inserted in $((SECONDS - t0)) s; VACUUM ANALYZE certificate and CHECKPOINT"
  "${PSQL[@]}" -c 'VACUUM (ANALYZE) certificate' || die "VACUUM ANALYZE failed"
  "${PSQL[@]}" -c 'CHECKPOINT' || die "CHECKPOINT failed"
  read -r BULK_COUNT BULK_HOLD BULK_INVALIDITY BULK_REASONS < <("${PSQL[@]}" -F ' ' -c "
    SELECT count(*), count(*) FILTER (WHERE status = 'ON_HOLD'), count(invalidity_date),
      (SELECT string_agg(revocation_reason || ':' || n, ',' ORDER BY revocation_reason) FROM (SELECT revocation_reason, count(*) n
         FROM certificate WHERE issuer_id = '$INT_ID' GROUP BY 1) x)
    FROM certificate WHERE issuer_id = '$INT_ID' AND requested_by = '$MARKER'")
  ((BULK_COUNT == ENTRIES)) || die "inserted $BULK_COUNT rows, wanted $ENTRIES"
  TABLE_SIZE=$("${PSQL[@]}" -c "SELECT pg_size_pretty(pg_total_relation_size('certificate'))")
  TABLE_ROWS=$("${PSQL[@]}" -c "SELECT reltuples::bigint FROM pg_class WHERE relname = 'certificate'")
  BULK_SECONDS=$((SECONDS - t0))
  log "$BULK_COUNT rows ($BULK_HOLD on hold, $BULK_INVALIDITY with an invalidity date; reasons $BULK_REASONS); certificate is $TABLE_SIZE"
}

# index.txt from the rows just inserted: R, expiry, revocation date[,reason[,keyTime]], serial,
# file name, subject. openssl writes a reasonCode for every reason it is given, so unspecified
# revocations (which PCA leaves without one, as RFC 5280 5.3.1 asks) get none; "keyTime" is
# keyCompromise with the compromise time that openssl writes as the invalidity date.
write_index() {
  local dir=$WORK/openssl-ca
  mkdir -p "$dir"
  "${PSQL[@]}" -c "
    SELECT 'R' || E'\t' || to_char(not_after AT TIME ZONE 'UTC', 'YYMMDDHH24MISS') || 'Z' || E'\t'
      || to_char(revoked_at AT TIME ZONE 'UTC', 'YYMMDDHH24MISS') || 'Z'
      || CASE WHEN status = 'ON_HOLD' THEN ',certificateHold'
           WHEN revocation_reason = 1 AND invalidity_date IS NOT NULL
             THEN ',keyTime,' || to_char(invalidity_date AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISS') || 'Z'
           ELSE CASE revocation_reason WHEN 1 THEN ',keyCompromise' WHEN 2 THEN ',CACompromise'
             WHEN 3 THEN ',affiliationChanged' WHEN 4 THEN ',superseded' WHEN 5 THEN ',cessationOfOperation'
             ELSE '' END
         END
      || E'\t' || upper(serial) || E'\tunknown\t/' || subject_dn
    FROM certificate WHERE issuer_id = '$INT_ID' AND status IN ('REVOKED', 'ON_HOLD')" >"$dir/index.txt" ||
    die "cannot export index.txt"
  local n
  n=$(wc -l <"$dir/index.txt")
  ((n == ENTRIES)) || die "index.txt has $n lines, wanted $ENTRIES"
  log "wrote $dir/index.txt ($n R lines, $(du -h "$dir/index.txt" | cut -f1))"
}

delete_bulk() {
  log "deleting the bulk rows of $INT_LABEL"
  local t0=$SECONDS n
  n=$("${PSQL[@]}" -c "WITH d AS (DELETE FROM certificate WHERE issuer_id = '$INT_ID' AND requested_by = '$MARKER'
    RETURNING 1) SELECT count(*) FROM d") || { log "WARNING: could not delete the bulk rows"; return; }
  BULK=0
  log "deleted $n rows in $((SECONDS - t0)) s; VACUUM certificate"
  "${PSQL[@]}" -c 'VACUUM certificate' || log "WARNING: VACUUM certificate failed"
}

# ---------------------------------------------------------------- openssl

make_openssl_ca() {
  local dir=$WORK/openssl-ca
  cat >"$dir/ca.cnf" <<EOF
[ ca ]
default_ca = bench

[ bench ]
dir = $dir
database = \$dir/index.txt
crlnumber = \$dir/crlnumber
serial = \$dir/serial
new_certs_dir = \$dir
certificate = \$dir/ca.pem
private_key = \$dir/ca.key
default_md = sha256
default_crl_days = $((PERIOD / 86400))
unique_subject = no
crl_extensions = crl_ext

[ crl_ext ]
authorityKeyIdentifier = keyid:always

[ req ]
distinguished_name = dn
x509_extensions = v3_ca
prompt = no

[ dn ]
CN = CRL Bench openssl CA

[ v3_ca ]
subjectKeyIdentifier = hash
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
EOF
  echo 01 >"$dir/crlnumber"
  echo 01 >"$dir/serial"
  echo 'unique_subject = no' >"$dir/index.txt.attr"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/ca.key" 2>/dev/null ||
    die "openssl could not make a P-256 key"
  openssl req -config "$dir/ca.cnf" -x509 -new -key "$dir/ca.key" -days 3650 -out "$dir/ca.pem" 2>"$WORK/req.log" ||
    die "openssl could not make the CA certificate: $(cat "$WORK/req.log")"
  log "openssl CA: $(openssl x509 -noout -subject -in "$dir/ca.pem"), P-256 key in a file"
}

# seconds from /usr/bin/time's "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:08.81"
time_field() {
  case $2 in
    wall) awk -F': ' '/Elapsed \(wall clock\)/{n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s}' "$1" ;;
    rss) awk -F': ' '/Maximum resident set size/{printf "%.0f", $2 / 1024}' "$1" ;;
    cpu) awk -F': ' '/User time/{u = $2} /System time/{s = $2} END{printf "%.2f", u + s}' "$1" ;;
  esac
}

declare -A R # R[name,field]

openssl_run() {
  local n=$1 dir=$WORK/openssl-ca
  log "openssl run $n: openssl ca -gencrl over $ENTRIES entries"
  (cd "$dir" && /usr/bin/time -v -o "$WORK/openssl-time-$n.txt" \
    openssl ca -config ca.cnf -gencrl -batch -out "$WORK/openssl-$n.crl" >"$WORK/openssl-$n.log" 2>&1) ||
    die "openssl ca -gencrl failed: $(tail -5 "$WORK/openssl-$n.log")"
  R[openssl-$n,s]=$(time_field "$WORK/openssl-time-$n.txt" wall)
  R[openssl-$n,rss]=$(time_field "$WORK/openssl-time-$n.txt" rss)
  R[openssl-$n,cpu]=$(time_field "$WORK/openssl-time-$n.txt" cpu)
  log "openssl run $n: ${R[openssl-$n,s]} s, peak RSS ${R[openssl-$n,rss]} MiB, CPU ${R[openssl-$n,cpu]} s"
}

# ---------------------------------------------------------------- OURS

# Whether CrlGeneration holds the intermediate's advisory lock (CrlRows.tryLock: its second key is
# the issuer id's UUID.hashCode(), shown as an unsigned oid in pg_locks).
uuid_hash() {
  local h=${1//-/} msb lsb hilo
  msb=$((16#${h:0:16}))
  lsb=$((16#${h:16:16}))
  hilo=$((msb ^ lsb))
  echo $((((hilo >> 32) ^ hilo) & 0xffffffff))
}

wait_crl_idle() {
  local objid i
  objid=$(uuid_hash "$INT_ID")
  sleep 0.5 # a make() that read "CRLs on" just before the switch takes the lock at once
  for ((i = 0; i < SERVE_TIMEOUT * 4; i++)); do
    [[ $("${PSQL[@]}" -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
      AND classid = $CRL_LOCK_KEY AND objid = $objid") == 0 ]] && return 0
    sleep 0.25
  done
  log "WARNING: the intermediate's CRL lock is still held after ${SERVE_TIMEOUT}s"
}

delete_crls() {
  [[ -n ${INT_ID:-} ]] || return 0
  "${PSQL[@]}" -c "DELETE FROM crl WHERE issuer_id IN ('$INT_ID', '${ROOT_ID:-$INT_ID}')" >/dev/null ||
    log "WARNING: could not delete the CRLs of $INT_LABEL"
}

now() { date +%s.%N; }

# "tid ticks name" of every thread of process PID (ticks = user + system CPU, in clock ticks)
thread_ticks() {
  local t st rest f
  for t in /proc/"$1"/task/*; do
    st=$(<"$t/stat") 2>/dev/null || continue
    rest=${st##*) }
    read -ra f <<<"$rest"
    printf '%s %s %s\n' "${t##*/}" "$((f[11] + f[12]))" "$(<"$t/comm")"
  done 2>/dev/null
}

# thread_cpu BEFORE AFTER NAME: CPU seconds of the one thread named NAME (Linux keeps 15 characters)
thread_cpu() {
  awk -v name="${3:0:15}" -v hz="$(getconf CLK_TCK)" '
    FNR == NR { t = $1; $1 = ""; $2 = $2; b[t] = $2; next }
    { t = $1; k = $2; $1 = $2 = ""; sub(/^ +/, ""); if ($0 == name) { n++; d = k - b[t] } }
    END { if (n == 1) printf "%.2f", d / hz; else print "?" }' "$1" "$2"
}
log_size() { stat -c %s "$SERVER_LOG" 2>/dev/null || echo 0; }

# jstat -gc every 200 ms: heap in use (survivors + eden + old) and old generation, in KiB
jstat_sampler() { exec jstat -gc "$1" 200 >"$2" 2>/dev/null; }
jstat_summary() {
  awk 'NR > 1 && $1 ~ /^[0-9.]+$/ {u = $3 + $4 + $6 + $8; if (NR == 2) {u0 = u; o0 = $8}
    if (u > m) m = u; if ($8 > om) om = $8; o1 = $8}
    END {printf "%.0f %.0f %.0f %.0f %.0f", u0 / 1024, m / 1024, o0 / 1024, om / 1024, o1 / 1024}' "$1"
}

# ours_run NAME [jfr]: CRLs on, wait until the full CRL is served, record its times; CRLs off again
ours_run() {
  local name=$1 jfr=${2-} pid from t0 t1 t2 code line sampler="" i p0 p1
  pid=$(wildfly_pid)
  [[ -n $pid ]] || die "no WildFly JVM pid in $WILDFLY_PIDFILE"
  from=$(log_size)
  if [[ -n $jfr ]]; then
    jcmd "$pid" JFR.start name=crl-bench settings=profile filename="$WORK/server.jfr" >"$WORK/jfr.log" 2>&1 ||
      die "JFR.start failed: $(cat "$WORK/jfr.log")"
  else
    jstat_sampler "$pid" "$WORK/jstat-$name.txt" &
    sampler=$!
    sleep 0.5
  fi
  thread_ticks "$pid" >"$WORK/threads0-$name.txt"
  p0=$(pg_ticks)
  log "$name: CRLs on for $REPO_NAME"
  t0=$(now)
  switch_crls true || die "could not switch CRLs on"
  t1=$(now)
  for ((i = 0; ; i++)); do
    code=$(curl -s -o /dev/null --head -w '%{http_code}' --max-time 10 "$PCA/pki/crl/$INT_LABEL.crl" || true)
    [[ $code == 200 ]] && break
    [[ $code == 404 ]] || die "$name: HEAD /pki/crl/$INT_LABEL.crl answered $code"
    awk -v a="$t1" -v b="$(now)" -v m="$SERVE_TIMEOUT" 'BEGIN{exit !(b - a > m)}' && die "$name: no CRL after ${SERVE_TIMEOUT}s"
    sleep 0.05
  done
  t2=$(now)
  thread_ticks "$pid" >"$WORK/threads1-$name.txt"
  p1=$(pg_ticks)
  if [[ -n $jfr ]]; then
    jcmd "$pid" JFR.stop name=crl-bench >>"$WORK/jfr.log" 2>&1 || die "JFR.stop failed: $(cat "$WORK/jfr.log")"
  else
    sleep 0.4
    kill "$sampler" 2>/dev/null
    wait "$sampler" 2>/dev/null || true
  fi
  tail -c +"$((from + 1))" "$SERVER_LOG" >"$WORK/log-$name.txt" 2>/dev/null || true
  line=$(grep -a -m1 "CrlGeneration.*CRL issuer=$INT_LABEL number=[0-9]* full " "$WORK/log-$name.txt") ||
    die "$name: no CrlGeneration INFO line for $INT_LABEL in $SERVER_LOG"
  R[$name,line]=$line
  R[$name,thread]=$(sed -E 's/^[^(]*\(([^)]*)\).*/\1/' <<<"$line")
  R[$name,entries]=$(sed -E 's/.* entries=([0-9]+) .*/\1/' <<<"$line")
  # CPU over the whole run (the switch, ticks of other issuers' CRLs, polling), not make() alone
  R[$name,cpu]=$(thread_cpu "$WORK/threads0-$name.txt" "$WORK/threads1-$name.txt" "${R[$name,thread]}")
  R[$name,pgcpu]=$(awk -v a="$p0" -v b="$p1" -v t="$(getconf CLK_TCK)" 'BEGIN{printf "%.2f", (b - a) / t}')
  R[$name,size]=$(sed -E 's/.* size=([0-9]+) .*/\1/' <<<"$line")
  R[$name,make]=$(sed -E 's/.* ms=([0-9]+).*/\1/' <<<"$line" | awk '{print $1 / 1000}')
  # "(entries N, signing N, storing N)": the steps of CrlGeneration.write, in ms
  if [[ $line =~ \(entries\ ([0-9]+),\ signing\ ([0-9]+),\ storing\ ([0-9]+)\) ]]; then
    R[$name,steps]="${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${BASH_REMATCH[3]}"
  else
    R[$name,steps]="? ? ?"
  fi
  local logged
  logged=$(date -u -d "$(cut -c1-19 <<<"$line")" +%s).$(cut -c21-23 <<<"$line")
  # from the start of CrlGeneration.make to the first 200: generation, commit, and at most one poll
  R[$name,from_ms]=$(awk -v l="$logged" -v m="${R[$name,make]}" 'BEGIN{printf "%.0f", (l - m) * 1000}')
  R[$name,to_ms]=$(awk -v l="$logged" 'BEGIN{printf "%.0f", l * 1000}')
  R[$name,served]=$(awk -v s="$t2" -v l="$logged" -v m="${R[$name,make]}" 'BEGIN{printf "%.2f", s - (l - m)}')
  R[$name,e2e]=$(awk -v a="$t0" -v b="$t2" 'BEGIN{printf "%.2f", b - a}')
  ((R[$name,entries] == ENTRIES)) || die "$name: the server's CRL has ${R[$name,entries]} entries, wanted $ENTRIES"
  local d0 d1
  d0=$(now)
  code=$(curl -s -o "$WORK/$name.crl" -w '%{http_code}' --max-time 300 "$PCA/pki/crl/$INT_LABEL.crl") || code=000
  d1=$(now)
  [[ $code == 200 ]] || die "$name: GET /pki/crl/$INT_LABEL.crl answered $code"
  R[$name,download]=$(awk -v a="$d0" -v b="$d1" 'BEGIN{printf "%.2f", b - a}')
  (($(stat -c %s "$WORK/$name.crl") == R[$name,size])) || die "$name: served $(stat -c %s "$WORK/$name.crl") bytes, the log says ${R[$name,size]}"
  [[ -n $sampler ]] && R[$name,heap]=$(jstat_summary "$WORK/jstat-$name.txt")
  log "$name: made in ${R[$name,make]} s (log), served $(printf '%.2f' "${R[$name,served]}") s after make() began," \
    "${R[$name,e2e]} s after the switch; GET took ${R[$name,download]} s"
  switch_crls false || die "could not switch CRLs off"
  wait_crl_idle
  delete_crls
}

# ---------------------------------------------------------------- heap bound: the child JVM

compile_child() {
  local dir=$WORK/child
  mkdir -p "$dir/classes"
  (cd "$dir" && unzip -q -o "$EAR" pca-ejb.jar 'lib/org.bouncycastle-*') || die "cannot unpack $EAR"
  CHILD_CP="$dir/pca-ejb.jar:$(printf '%s:' "$dir"/lib/*.jar)$PG_DRIVER"
  javac -nowarn -d "$dir/classes" -cp "$CHILD_CP" "$CHILD_SRC" 2>"$WORK/javac.log" ||
    die "cannot compile $CHILD_SRC: $(head -20 "$WORK/javac.log")"
}

# child_run NAME HEAP: CrlHeap in java -XmxHEAP; results in R[NAME,*], the CRL in $WORK/NAME.crl.
# Returns 1 (after logging why) when the JVM did not complete.
child_run() {
  local name=$1 heap=$2 k out
  log "$name: java -Xmx$heap CrlHeap over the same rows, signing on the token"
  if ! PCA_DB_URL="jdbc:postgresql://127.0.0.1:5432/pca" PCA_PKCS11_CONFIG=$PKCS11_CONFIG SOFTHSM2_CONF=$SOFTHSM2_CONF \
    /usr/bin/time -v -o "$WORK/$name-time.txt" \
    java -Xmx"$heap" -Xlog:gc:file="$WORK/$name-gc.log" -cp "$WORK/child/classes:$CHILD_CP" \
    dev.pca.application.internal.CrlHeap "$INT_ID" "$WORK/$name.crl" >"$WORK/$name.out" 2>"$WORK/$name.err"; then
    R[$name,error]=$(grep -m1 -o 'java.lang.OutOfMemoryError[^"]*' "$WORK/$name.err" || tail -1 "$WORK/$name.err")
    log "$name: the JVM did not complete in -Xmx$heap: ${R[$name,error]}"
    return 1
  fi
  out=$(tail -1 "$WORK/$name.out")
  for k in entries size make_ms read_encode_ms sign_ms store_ms readback_ms pool_peaks_mib max_heap_mib; do
    R[$name,$k]=$(grep -o "\b$k=[0-9.]*" <<<"$out" | cut -d= -f2)
    [[ -n ${R[$name,$k]} ]] || die "$name printed no $k: $out"
  done
  ((R[$name,entries] == ENTRIES)) || die "$name: the CRL has ${R[$name,entries]} entries, wanted $ENTRIES"
  R[$name,rss]=$(time_field "$WORK/$name-time.txt" rss)
  R[$name,wall]=$(time_field "$WORK/$name-time.txt" wall)
  R[$name,gcs]=$(grep -c 'Pause' "$WORK/$name-gc.log" || true)
  # "GC(3) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.1ms": most in use before a
  # pause, and most left after a collection
  read -r R[$name,gc_before] R[$name,gc_after] < <(awk '
    function mib(v) { u = substr(v, length(v)); v = v + 0; return u == "K" ? v / 1024 : u == "G" ? v * 1024 : v }
    match($0, /[0-9]+[KMG]->[0-9]+[KMG]/) { split(substr($0, RSTART, RLENGTH), p, "->");
      b = mib(p[1]); a = mib(p[2]); if (b > mb) mb = b
      # Remark and Cleanup pauses collect nothing: "after" counts only young, mixed and full ones
      if (/Pause (Young|Full)/ && a > ma) ma = a }
    END { printf "%.0f %.0f\n", mb, ma }' "$WORK/$name-gc.log")
  log "$name: $out; RSS ${R[$name,rss]} MiB; GC log: at most ${R[$name,gc_before]} MiB in use, ${R[$name,gc_after]} MiB after a collection"
}

# ---------------------------------------------------------------- checks

# entries FILE FORM: "serial date reason invalidity" per entry, sorted
entries() {
  openssl crl -inform "$2" -in "$1" -noout -text | awk '
    function flush() { if (s != "") print s, d, (r == "" ? "-" : r), (v == "" ? "-" : v); s = d = r = v = "" }
    /^ *Serial Number: / { flush(); s = $3; next }
    /^ *Revocation Date: / { sub(/^ *Revocation Date: /, ""); d = $0; gsub(/ +/, "_", d); next }
    /X509v3 CRL Reason Code/ { want = "r"; next }
    /Invalidity Date/ { want = "v"; next }
    want == "r" { sub(/^ +/, ""); r = $0; gsub(/ +/, "_", r); want = ""; next }
    want == "v" { sub(/^ +/, ""); v = $0; gsub(/ +/, "_", v); want = ""; next }
    /^Signature Algorithm/ { flush() }
    END { flush() }' | LC_ALL=C sort
}

check_crls() {
  local ours=$1 openssl_crl=$2 child=$WORK/child.crl out
  out=$(openssl crl -verify -inform DER -in "$ours" -CAfile "$WORK/int.pem" -noout 2>&1) && grep -q 'verify OK' <<<"$out" ||
    die "OURS does not verify against the intermediate: $out"
  out=$(openssl crl -verify -inform DER -in "$child" -CAfile "$WORK/int.pem" -noout 2>&1) && grep -q 'verify OK' <<<"$out" ||
    die "the child's CRL does not verify against the intermediate: $out"
  out=$(openssl crl -verify -in "$openssl_crl" -CAfile "$WORK/openssl-ca/ca.pem" -noout 2>&1) && grep -q 'verify OK' <<<"$out" ||
    die "openssl's CRL does not verify against its CA: $out"
  log "all three CRLs verify (openssl crl -verify -CAfile ...: verify OK); comparing their entries"
  entries "$ours" DER >"$WORK/entries-ours.txt"
  entries "$child" DER >"$WORK/entries-child.txt"
  entries "$openssl_crl" PEM >"$WORK/entries-openssl.txt"
  local n
  for n in ours child openssl; do
    R[check,$n]=$(wc -l <"$WORK/entries-$n.txt")
    ((R[check,$n] == ENTRIES)) || die "the $n CRL lists ${R[check,$n]} entries, wanted $ENTRIES"
  done
  cmp -s "$WORK/entries-ours.txt" "$WORK/entries-openssl.txt" ||
    die "OURS and openssl list different revocations: $(diff "$WORK/entries-ours.txt" "$WORK/entries-openssl.txt" | head -6)"
  cmp -s "$WORK/entries-ours.txt" "$WORK/entries-child.txt" ||
    die "OURS and the child list different revocations: $(diff "$WORK/entries-ours.txt" "$WORK/entries-child.txt" | head -6)"
  R[check,reasons]=$(awk '{c[$3]++} END {for (k in c) printf "%s %d; ", k, c[k]}' "$WORK/entries-ours.txt" | sed 's/; $//')
  R[check,invalidity]=$(awk '$4 != "-"' "$WORK/entries-ours.txt" | wc -l)
  R[check,sizes]="OURS $(stat -c %s "$ours") B DER; openssl $(openssl crl -in "$openssl_crl" -outform DER | wc -c) B DER ($(stat -c %s "$openssl_crl") B PEM)"
  log "same $ENTRIES entries in all three (reasons: ${R[check,reasons]}; ${R[check,invalidity]} invalidity dates)"
}

# ---------------------------------------------------------------- report

thousands() { sed -E ':a; s/([0-9])([0-9]{3})($|[^0-9])/\1,\2\3/; ta' <<<"$1"; }
median() { printf '%s\n' "$@" | LC_ALL=C sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
met() { awk "BEGIN { print ($1) ? \"met\" : \"NOT met\" }"; }
list() { local f=$1 i out=""; for ((i = 1; i <= RUNS; i++)); do out+="${out:+, }${R[$2-$i,$f]}"; done; echo "$out"; }

summarise() {
  local i os=() or=() om=() osv=() oe=()
  for ((i = 1; i <= RUNS; i++)); do
    os+=("${R[openssl-$i,s]}"); or+=("${R[openssl-$i,rss]}")
    om+=("${R[ours-$i,make]}"); osv+=("${R[ours-$i,served]}"); oe+=("${R[ours-$i,e2e]}")
  done
  M[openssl]=$(median "${os[@]}")
  M[openssl_rss]=$(median "${or[@]}")
  M[make]=$(median "${om[@]}")
  M[served]=$(median "${osv[@]}")
  M[e2e]=$(median "${oe[@]}")
  M[ratio]=$(ratio "${M[openssl]}" "${M[served]}")
  M[ratio_make]=$(ratio "${M[openssl]}" "${M[make]}")
  M[ratio_e2e]=$(ratio "${M[openssl]}" "${M[e2e]}")
  M[speed]=$(met "${M[ratio]} >= 3")
  # completing at all is the proof: beyond -Xmx the JVM throws OutOfMemoryError (child_run dies)
  M[heap]=$(met "${R[child,max_heap_mib]} <= 256")
}
declare -A M

write_results() {
  local tmp=$RESULTS.tmp i pg_version wildfly a b c d e
  pg_version=$("${PSQL[@]}" -c 'SHOW server_version' | awk '{print $1}')
  wildfly=$(grep -ao 'WildFly [0-9][^ ]* ([^)]*)' "$SERVER_LOG" 2>/dev/null | tail -1 || true)
  mkdir -p "$(dirname "$RESULTS")"
  {
    echo "# CRL benchmark: PCA's full CRL of $(thousands "$ENTRIES") entries vs \`openssl ca -gencrl\`"
    echo
    echo "Produced by \`system-tests/bench/crl.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Medians of $RUNS runs each, alternating."
    echo
    echo "| | time (s) | memory | runs |"
    echo "|---|---:|---|---|"
    echo "| **OURS**: start of generation in the server to \`GET /pki/crl/$INT_LABEL.crl\` serving it | **${M[served]}** | completes in \`-Xmx$CHILD_HEAP\`; ≤ ${R[child,gc_after]} MiB survive a GC (see below) | $(list served ours) |"
    echo "| OURS: \`CrlGeneration.make\` as the server logs it (before commit) | ${M[make]} | | $(list make ours) |"
    echo "| OURS: from the REST call switching CRLs on to served (includes the publisher's 2 s tick) | ${M[e2e]} | | $(list e2e ours) |"
    echo "| openssl \`ca -gencrl\`, P-256 key in a file | **${M[openssl]}** | peak RSS ${M[openssl_rss]} MiB | $(list s openssl) s; RSS $(list rss openssl) MiB |"
    echo
    echo "**Targets.** At least 3x faster than openssl: **${M[speed]}** — openssl / OURS = ${M[openssl]} / ${M[served]} = **${M[ratio]}x**"
    echo "(${M[ratio_make]}x on the logged generation time, ${M[ratio_e2e]}x from the REST switch, tick latency included)."
    echo "Heap at most 256 MiB: **${M[heap]}** — the product's CRL code made the same CRL in a JVM limited to \`-Xmx$CHILD_HEAP\`"
    echo "(${R[child,max_heap_mib]} MiB max heap as the JVM reports it);"
    echo "at most ${R[child,gc_before]} MiB of heap was in use (GC log, before a collection), at most ${R[child,gc_after]} MiB survived a collection;"
    echo "that JVM's RSS peaked at ${R[child,rss]} MiB (openssl: ${M[openssl_rss]} MiB)$(
      ((SMALL_OK)) && echo "; it completes in \`-Xmx$SMALL_HEAP\` as well")."
    echo
    echo "Checks: the three CRLs (the server's, the child JVM's, openssl's) verify with \`openssl crl -verify -CAfile\` (verify OK), each"
    echo "lists $(thousands "$ENTRIES") entries, and their (serial, revocation date, reason, invalidity date) lists are identical"
    echo "after sorting (\`openssl crl -text\`): reasons ${R[check,reasons]}; ${R[check,invalidity]} invalidity dates. Sizes: ${R[check,sizes]}."
    echo
    echo "## What was measured"
    echo
    echo "- **Data.** $(thousands "$ENTRIES") revoked certificates of one P-256 intermediate (\`$INT_LABEL\`), inserted by SQL into"
    echo "  PCA's \`certificate\` table ($BULK_HOLD on hold, $BULK_INVALIDITY with an invalidity date; reason:count $BULK_REASONS),"
    echo "  20-octet serials, whole rows with a ${DER_BYTES}-byte placeholder DER (the width of a real certificate here), in a"
    echo "  table of ~$(thousands "$TABLE_ROWS") rows ($TABLE_SIZE with indexes), then \`VACUUM (ANALYZE)\` and \`CHECKPOINT\` as a"
    echo "  table that has been live for a while. No \`revocation\` feed rows were written (full CRLs do not read them, and the OCSP"
    echo "  caches that follow the feed should not see a million fake events). openssl's \`index.txt\` was exported from the same"
    echo "  rows: \`R\`, expiry, revocation date with \`,reason\` (none for unspecified: PCA leaves reasonCode out for it as"
    echo "  RFC 5280 5.3.1 asks, openssl would write one), \`,keyTime,<time>\` for a key compromise with an invalidity date."
    echo "- **OURS** (${RUNS} runs): \`PUT /api/v2/repositories/{id}\` with \`crlEnabled: true\`; the \`CrlPublisher\` tick (every 2 s)"
    echo "  makes the root's and the intermediate's full and delta CRLs. Times: \`ms=\` of the INFO line \`CRL issuer=$INT_LABEL"
    echo "  number=1 full entries=$ENTRIES size=...\` (from the start of \`CrlGeneration.make\` to before its commit: issuer lock,"
    echo "  cursor over the rows, encoding, signing on the token, 1 MiB chunks into \`crl_chunk\`, audit event); \"served\" = first"
    echo "  200 of \`HEAD /pki/crl/$INT_LABEL.crl\` (polled every 50 ms) minus the start of make (log time minus \`ms\`), so commit"
    echo "  and at most one poll interval are included. Then \`GET\` of the DER (median $(median $(list download ours | tr -d ,)) s for"
    echo "  $(thousands "${R[ours-1,size]}") bytes) and CRLs off, CRLs deleted, for the next run. The intermediate's key is a P-256 key on"
    echo "  SoftHSM2 $(dpkg-query -W -f='${Version}' softhsm2 2>/dev/null) through SunPKCS11 (ECDSA with SHA-256)."
    echo "- **openssl** (${RUNS} runs): \`/usr/bin/time -v openssl ca -config ca.cnf -gencrl -batch -out crl.pem\` in the CA's"
    echo "  directory: P-256 key in a PEM file, \`default_md = sha256\`, \`default_crl_days = $((PERIOD / 86400))\`,"
    echo "  \`crl_extensions\`: authorityKeyIdentifier; cRLNumber from the \`crlnumber\` file. Time = wall clock of the process (it"
    echo "  reads index.txt, signs and writes PEM), memory = its maximum RSS. OURS adds an issuingDistributionPoint and a"
    echo "  freshestCRL extension."
    echo "- **Peak heap** (the 256 MiB target): \`system-tests/bench/CrlHeap.java\` runs the product's own classes from the deployed"
    echo "  EAR (\`pca-ejb.jar\`, Bouncy Castle) and the server's PostgreSQL driver in \`java -Xmx$CHILD_HEAP -Xlog:gc\`: the"
    echo "  same \`CrlRows.fullEntries\` cursor (fetch size 10,000) over the same rows, \`CrlWriter\`, \`Token.contentSigner\` with"
    echo "  the intermediate's key on the same SoftHSM2 token through SunPKCS11 (the server's \`pkcs11.cfg\`), and"
    echo "  \`CrlRows.ChunkOutput\` into \`crl\`/\`crl_chunk\`; it reads the chunks back into a file (checked above) and rolls back."
    echo "  It completed: ${R[child,entries]} entries, ${R[child,size]} bytes, in ${R[child,make_ms]} ms (rows and encoding"
    echo "  ${R[child,read_encode_ms]} ms, signing ${R[child,sign_ms]} ms, storing ${R[child,store_ms]} ms), ${R[child,gcs]} GC pauses."
    echo "  Peak heap in use = the largest \"before\" of the GC log's pauses: ${R[child,gc_before]} MiB; largest \"after\":"
    echo "  ${R[child,gc_after]} MiB; sum of the heap pools' JMX peaks (an upper bound): ${R[child,pool_peaks_mib]} MiB;"
    echo "  RSS (\`/usr/bin/time -v\`, the whole JVM: heap, metaspace, code, NSS/SoftHSM2): ${R[child,rss]} MiB. The heap"
    echo "  in use before a collection is mostly garbage that G1 lets accumulate up to the limit; what survives"
    echo "  collections is what the streaming code holds."
    if ((SMALL_OK)); then
      echo "  The same child again with \`-Xmx$SMALL_HEAP\` completed too: ${R[small,make_ms]} ms, ${R[small,gcs]} GC pauses, at most"
      echo "  ${R[small,gc_before]} MiB in use and ${R[small,gc_after]} MiB after a collection, RSS ${R[small,rss]} MiB: the CRL is streamed,"
      echo "  its million entries are never held."
    else
      echo "  The same child with \`-Xmx$SMALL_HEAP\` did **not** complete: ${R[small,error]:-unknown error}."
    fi
    echo "- **The server's heap** (WildFly, \`-Xmx2g\`, everything else in it too), sampled by \`jstat -gc\` every 200 ms over each"
    echo "  OURS run, for the record: not a measure of the CRL code (everything else in WildFly shares that heap, and G1"
    echo "  promotes whatever is alive at a young collection). In MiB, heap in use before / highest; old generation"
    echo "  before → highest → after:"
    for ((i = 1; i <= RUNS; i++)); do
      read -r a b c d e <<<"${R[ours-$i,heap]}"
      echo "  run $i: $a / $b; $c → $d → $e."
    done
    echo
    echo "## Where the server's time goes"
    echo
    echo "The steps of \`CrlGeneration.write\` as the server logs them (\`(entries N, signing N, storing N)\` after \`ms=\`), in ms:"
    echo "entries = the cursor over the rows (fetch size 10,000) and \`CrlWriter.add\` into the temporary file; signing = the"
    echo "TBSCertList streamed from that file through SunPKCS11 (SHA-256 on SoftHSM2) and the ECDSA signature; storing ="
    echo "\`Signed.writeTo\` into 1 MiB \`crl_chunk\` rows; the rest of make = issuer lock, due check, CRL number, crl row,"
    echo "audit event, pruning. CPU columns: the thread that made the CRL (by its name in /proc/<wildfly>/task) and all"
    echo "PostgreSQL processes, from the switch to the first 200 (so a little more than make: the REST call, the tick's plan,"
    echo "the root's CRLs); 2 cores in all. When neither CPU column alone comes near make but their sum does (last column"
    echo "near 1), the two took turns: each cursor fetch of 10,000 rows waits for PostgreSQL, which idles while the thread"
    echo "decodes and encodes them."
    echo
    echo "| run | make | entries | signing | storing | rest | CPU of that thread (s) | CPU of PostgreSQL (s) | (thread + PostgreSQL) / make |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for i in $(seq 1 "$RUNS") profile; do
      local k=$i; [[ $i == profile ]] || k=ours-$i
      read -r a b c <<<"${R[$k,steps]}"
      printf '| %s | %.0f | %s | %s | %s | %s | %s | %s | %s |\n' "$i" "$(awk -v m="${R[$k,make]}" 'BEGIN{print m * 1000}')" "$a" "$b" "$c" \
        "$(awk -v m="${R[$k,make]}" -v a="$a" -v b="$b" -v c="$c" 'BEGIN{ if (a b c ~ /\?/) print "?"; else printf "%.0f", m * 1000 - a - b - c }')" \
        "${R[$k,cpu]}" "${R[$k,pgcpu]}" \
        "$(awk -v a="${R[$k,cpu]}" -v b="${R[$k,pgcpu]}" -v m="${R[$k,make]}" 'BEGIN{ if (a == "?") print "?"; else printf "%.2f", (a + b) / m }')"
    done
    echo
    echo "The run \"profile\" (not in the times above) ran under Java Flight Recorder (\`jcmd <wildfly> JFR.start settings=profile\`);"
    echo "\`system-tests/bench/CrlProfile.java\` sums the samples of the thread that made the CRL (\`${R[profile,thread]}\`) during"
    echo "\`make\`. Java samples (every 10 ms) show how the time spent running Java code divides; native samples are taken"
    echo "for one thread per 20 ms among all of WildFly's threads in native code, so they show what native code ran, not for how"
    echo "long. \"Socket I/O\" is mostly the driver waiting for PostgreSQL's next 10,000 rows."
    echo
    cat "$WORK/profile.md"
    echo
    echo "## Versions and machine"
    echo
    echo "Debian $(cat /etc/debian_version 2>/dev/null), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB, $(uname -r); PostgreSQL $pg_version; ${wildfly:-WildFly (unknown)};"
    echo "$(java -version 2>&1 | head -1 | tr -d '"'); $(openssl version); SoftHSM2 $(dpkg-query -W -f='${Version}' softhsm2 2>/dev/null);"
    echo "Bouncy Castle $(unzip -l "$EAR" | grep -o 'bcprov-jdk18on-[0-9.]*' | head -1 | sed 's/bcprov-jdk18on-//;s/\.$//'). Everything"
    echo "(WildFly, PostgreSQL, openssl, the child JVM) shares these cores on loopback; runs alternate openssl, OURS."
    echo
    echo "Run it: \`flock /tmp/pca-stack.lock system-tests/bench/crl.sh\` (stack started; \`CRL_BENCH_ENTRIES\`, \`CRL_BENCH_RUNS\`,"
    echo "\`CRL_BENCH_HEAP\` override $ENTRIES, $RUNS, $CHILD_HEAP). Setup, in this run: bulk insert, VACUUM and CHECKPOINT ${BULK_SECONDS} s."
  } >"$tmp"
  mv -f "$tmp" "$RESULTS"
  log "results written to $RESULTS"
}

# ---------------------------------------------------------------- main

# CPU ticks of all PostgreSQL processes (processes that end meanwhile are not counted)
pg_ticks() { { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '$2 == "(postgres)" {s += $14 + $15} END {print s + 0}'; }

profile_run() {
  ours_run profile jfr
  java "$PROFILE_SRC" "$WORK/server.jfr" "${R[profile,thread]}" "${R[profile,from_ms]}" "${R[profile,to_ms]}" \
    >"$WORK/profile.md" 2>"$WORK/profile.err" ||
    die "CrlProfile failed: $(tail -5 "$WORK/profile.err")"
  log "profile of the server's CRL thread:"
  cat "$WORK/profile.md" >&2
}

main() {
  ((ENTRIES > 0 && RUNS > 0)) || die "CRL_BENCH_ENTRIES and CRL_BENCH_RUNS must be positive"
  need_tools
  exec 9>"$BENCH_LOCK"
  log "waiting for the benchmark lock $BENCH_LOCK"
  flock -w 3600 9 || die "could not take $BENCH_LOCK within an hour"
  load_secrets PCA_KEYCLOAK_ADMIN_PASSWORD PCA_DB_USER PCA_DB_PASSWORD PCA_TOKEN_PIN
  wait_for_stack
  check_database
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  trap 'log "FAILED: line $LINENO: $BASH_COMMAND"' ERR
  WORK=$(mktemp -d /tmp/pca-crl-bench.XXXXXX)
  RAND=$(openssl rand -hex 4)

  make_kc_client crl-bench-admin
  setup_pca
  insert_bulk
  write_index
  make_openssl_ca
  local i
  for ((i = 1; i <= RUNS; i++)); do
    openssl_run "$i"
    ours_run "ours-$i"
  done
  profile_run
  compile_child
  child_run child "$CHILD_HEAP" || die "the product's CRL code did not complete in -Xmx$CHILD_HEAP: ${R[child,error]}"
  SMALL_OK=0
  child_run small "$SMALL_HEAP" && SMALL_OK=1
  check_crls "$WORK/ours-$RUNS.crl" "$WORK/openssl-$RUNS.crl"
  summarise
  write_results
  log "OURS ${M[served]} s vs openssl ${M[openssl]} s: ${M[ratio]}x (target 3x: ${M[speed]}); heap ${R[child,gc_before]} MiB in -Xmx$CHILD_HEAP (${M[heap]})"
}

main "$@"
