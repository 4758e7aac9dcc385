#!/usr/bin/env bash
# OCSP benchmark: PCA's responder against `openssl ocsp` as a responder and nginx serving a static
# file, GET of a good certificate with wrk (2 threads, 16 connections), with keep-alive and with a
# new connection per request, all in one run.
#
# Needs the PCA stack already started (this script never starts or stops it) and root (apt-get for
# wrk and nginx when missing; a network namespace for openssl). It:
#   1. makes a temporary Keycloak client holding pca-admin and, through PCA's REST API, a repository
#      (OCSP on, answers valid 3600 s), a P-256 root, a P-256 intermediate, a TLS template and an
#      OCSP-signing template (the repository is left behind: it cannot be deleted while it holds
#      issuers);
#   2. issues $LEAVES leaves from openssl CSRs, and from the same intermediate a delegated responder
#      certificate (id-kp-OCSPSigning) for a key openssl made, for openssl's responder to sign with;
#   3. waits until PCA answers for the intermediate, builds the GET URL of leaf 1 once, and checks
#      that PCA's answer verifies with `openssl ocsp -respin ... -CAfile chain` and says good;
#   4. writes openssl's index.txt of the same leaves, and nginx's static file: PCA's answer itself,
#      so both send the same bytes;
#   5. measures each server in each connection mode: a warm-up, a wait until WildFly has no work of
#      its own (making keys, CRLs) that would take CPU from the run, then
#      `wrk -t2 -c16 -d20s --latency -s noprobe.lua URL` (plus `-H 'Connection: close'`). PCA is
#      first warmed until its rate settles (the JVM compiles its hot code under load for minutes).
#      openssl's responder binds every address, so it runs in a network namespace that has only
#      loopback (wrk and curl go in with it); it is started afresh before each wrk run, since a child
#      spins for good on a connection that ends without a request (wrk leaves such connections at
#      its end, and plain wrk opens one as a probe at its start: noprobe.lua leaves the probe out),
#      and one of its answers is verified before each measured run;
#   6. writes system-tests/results/ocsp.md.
# Cleans up on any exit: openssl and nginx stopped by their PIDs, the namespace, the Keycloak client,
# the work directory. Servers listen on 127.0.0.1 only.
# BENCH_DURATION, BENCH_WARMUP, BENCH_WARM_ROUND, BENCH_WARM_ROUNDS, BENCH_LEAVES and BENCH_RESULTS
# shorten a trial run and send its results elsewhere; the defaults are the benchmark.
# Exit status: 0 all runs valid; 1 a precondition or setup step failed; 3 results written but a run
# had errors (non-2xx answers or socket errors), which the results file says loudly.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RESULTS=${BENCH_RESULTS:-$ROOT/system-tests/results/ocsp.md}
SECRETS=$ROOT/.stack/secrets.env
SERVER_LOG=$ROOT/.stack/wildfly/standalone/log/server.log
NOPROBE=$HERE/noprobe.lua

PCA=http://127.0.0.1:8080
API=$PCA/api/v2
OCSP_URL=$PCA/pki/ocsp
KC=http://127.0.0.1:8180
OPENSSL_PORT=18888
NGINX_PORT=18889
LEAVES=${BENCH_LEAVES:-100}
VALIDITY_SECONDS=3600
THREADS=2
CONNS=16
DURATION=${BENCH_DURATION:-20s}
WARMUP=${BENCH_WARMUP:-5s}
STACK_WAIT_SECONDS=600
WRK_TIMEOUT=120 # hard bound on one wrk process, in seconds
MAX_ATTEMPTS=3

# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
WORK=""
NS=""
OPENSSL_PID=""
NGINX_PID=""
KC_CLIENT_ID=""

cleanup() {
  local rc=$?
  set +e
  stop_openssl
  stop_nginx
  if [[ -n $NS ]]; then ip netns del "$NS" 2>/dev/null && log "deleted network namespace $NS"; fi
  if [[ -n $KC_CLIENT_ID ]]; then delete_kc_client "$KC_CLIENT_ID"; fi
  if [[ -n $WORK && -d $WORK ]]; then rm -rf -- "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- preconditions

need_tools() {
  ((EUID == 0)) || die "run as root: openssl's responder needs a network namespace"
  local missing=() tool
  for tool in curl jq openssl awk timeout ip python3; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]}"
  local pkgs=()
  command -v wrk >/dev/null || pkgs+=(wrk)
  command -v nginx >/dev/null || pkgs+=(nginx)
  if ((${#pkgs[@]})); then
    log "installing ${pkgs[*]}"
    # Debian starts a packaged service on install; the benchmark wants no nginx on port 80.
    local policy=/usr/sbin/policy-rc.d made_policy=0
    if [[ ! -e $policy ]]; then
      printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
    fi
    { DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y "${pkgs[@]}" >/dev/null 2>&1 ||
      { timeout 600 apt-get update >/dev/null 2>&1 &&
        DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y "${pkgs[@]}" >/dev/null 2>&1; }; } ||
      { ((made_policy)) && rm -f "$policy"; die "could not install ${pkgs[*]}"; }
    ((made_policy)) && rm -f "$policy"
  fi
  [[ -r $NOPROBE ]] || die "missing $NOPROBE"
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

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------- HTTP and Keycloak

# ---------------------------------------------------------------- the CA and its certificates

# template_body NAME KEY_USAGE_JSON EKU_JSON CN_MUST_BE_SAN
template_body() {
  jq -nc --arg n "$1" --argjson ku "$2" --argjson eku "$3" --argjson cn "$4" \
    '{name:$n, spec:{limits:{maxValidity:"PT2160H",
      allowedKeys:[{algorithm:"EC",minBits:256},{algorithm:"RSA",minBits:2048}],
      dnsSuffixes:["example.com"], dnsPatterns:[], allowWildcardNames:false, ipRanges:[],
      emailDomains:[], uriPrefixes:[], maxSans:5, cnMustBeSan:$cn, csrSubjectFields:["CN"]},
      settings:{keyUsage:$ku, extendedKeyUsage:$eku, subjectDefaults:[], signatureAlgorithm:null}}}'
}

setup_pca() {
  local admin operator
  admin=$(client_token "$KC_CLIENT_ID" "$KC_CLIENT_SECRET") || die "no token for $KC_CLIENT_ID"
  REPO_NAME="bench-ocsp-$RAND"
  REPO_ID=$(call POST "$API/repositories" "$admin" 201 "$(jq -nc --arg n "$REPO_NAME" --argjson v $VALIDITY_SECONDS \
    '{name:$n, crlEnabled:true, crlPeriodSeconds:86400, ocspEnabled:true, ocspValiditySeconds:$v}')" |
    jq -er .id) || die "could not create the repository"
  ROOT_ID=$(call POST "$API/repositories/$REPO_ID/issuers" "$admin" 201 "$(jq -nc --arg l "bench-ocsp-root-$RAND" \
    '{label:$l, subject:"CN=Bench OCSP Root", keySpec:"EC_P256", validityDays:3650, pathLength:1}')" |
    jq -er .id) || die "could not create the root"
  INT_LABEL="bench-ocsp-int-$RAND"
  INT_ID=$(call POST "$API/issuers/$ROOT_ID/intermediates" "$admin" 201 "$(jq -nc --arg l "$INT_LABEL" \
    '{label:$l, subject:"CN=Bench OCSP Intermediate", keySpec:"EC_P256", validityDays:3000, pathLength:0}')" |
    jq -er .id) || die "could not create the intermediate"
  operator=$(client_token pca-api "$PCA_API_CLIENT_SECRET") || die "no token for pca-api"
  TLS_TEMPLATE=$(call POST "$API/repositories/$REPO_ID/templates" "$operator" 201 \
    "$(template_body tls '["DIGITAL_SIGNATURE"]' '["TLS_SERVER"]' true)" | jq -er .id) ||
    die "could not create the TLS template"
  SIGNER_TEMPLATE=$(call POST "$API/repositories/$REPO_ID/templates" "$operator" 201 \
    "$(template_body ocsp-signer '["DIGITAL_SIGNATURE"]' '["OCSP_SIGNING"]' false)" | jq -er .id) ||
    die "could not create the OCSP signing template"
  log "PCA: repository $REPO_NAME ($REPO_ID), root $ROOT_ID, intermediate $INT_LABEL ($INT_ID)"
}

# issue_from CSR_FILE TEMPLATE OUT_PEM: the certificate, checked against the chain
issue_from() {
  local csr=$1 template=$2 out=$3 operator answer
  operator=$(client_token pca-api "$PCA_API_CLIENT_SECRET") || die "no token for pca-api"
  answer=$(call POST "$API/issuers/$INT_ID/certificates" "$operator" 201 \
    "$(jq -n --rawfile csr "$csr" --arg t "$template" '{templateId:$t, csr:$csr}')") || die "PCA refused $csr"
  jq -er .pem <<<"$answer" >"$out"
  if [[ ! -s $WORK/chain.pem ]]; then
    jq -er .chain <<<"$answer" | awk -v d="$WORK" '/BEGIN CERT/{n++} n==2{print > d "/int.pem"} n==3{print > d "/root.pem"}'
    cat "$WORK/int.pem" "$WORK/root.pem" >"$WORK/chain.pem"
  fi
}

issue_leaves() {
  local i
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/private/leaf.key" \
    -subj /CN=bench.example.com -addext subjectAltName=DNS:bench.example.com -out "$WORK/leaf.csr" 2>/dev/null ||
    die "openssl could not make the leaf CSR"
  for ((i = 1; i <= LEAVES; i++)); do
    issue_from "$WORK/leaf.csr" "$TLS_TEMPLATE" "$WORK/leaf-$i.pem"
  done
  openssl verify -CAfile "$WORK/root.pem" -untrusted "$WORK/int.pem" "$WORK/leaf-1.pem" >/dev/null ||
    die "leaf 1 does not verify against its chain"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/private/rsigner.key" \
    -subj "/CN=openssl OCSP responder" -out "$WORK/rsigner.csr" 2>/dev/null || die "openssl could not make the signer CSR"
  issue_from "$WORK/rsigner.csr" "$SIGNER_TEMPLATE" "$WORK/rsigner.pem"
  openssl x509 -in "$WORK/rsigner.pem" -noout -ext extendedKeyUsage | grep -q 'OCSP Signing' ||
    die "the responder certificate for openssl lacks OCSP Signing"
  log "issued $LEAVES leaves and openssl's responder certificate from $INT_LABEL"
}

# The index of `openssl ca`: status, expiry (YYMMDDHHMMSSZ), revocation date, serial, file, subject.
write_index() {
  local i serial expiry
  : >"$WORK/index.txt"
  # The leaves share one subject, which `openssl ca` indexes as unique unless told otherwise.
  echo 'unique_subject = no' >"$WORK/index.txt.attr"
  for ((i = 1; i <= LEAVES; i++)); do
    serial=$(openssl x509 -in "$WORK/leaf-$i.pem" -noout -serial | cut -d= -f2)
    expiry=$(date -u -d "$(openssl x509 -in "$WORK/leaf-$i.pem" -noout -enddate | cut -d= -f2)" +%y%m%d%H%M%SZ)
    printf 'V\t%s\t\t%s\tunknown\t/CN=bench.example.com\n' "$expiry" "$serial" >>"$WORK/index.txt"
  done
}

# ---------------------------------------------------------------- answers

# check_answer FILE NAME: the DER answer verifies against the chain and says leaf 1 is good
check_answer() {
  local file=$1 name=$2 out
  out=$(openssl ocsp -respin "$file" -issuer "$WORK/int.pem" -cert "$WORK/leaf-1.pem" \
    -CAfile "$WORK/chain.pem" -no_nonce 2>&1) || die "$name's answer does not verify: $out"
  grep -q 'Response verify OK' <<<"$out" || die "$name's answer does not verify: $out"
  grep -q 'leaf-1.pem: good' <<<"$out" || die "$name's answer does not say good: $out"
}

# PCA makes the intermediate's responder certificate within seconds of its creation (minutes on a
# token that holds many hundreds of keys: SunPKCS11 re-reads them all on each new one).
await_pca() {
  local code i
  for ((i = 0; i < 1500; i++)); do
    code=$(curl -s -o "$WORK/ours.der" -w '%{http_code}' --max-time 5 "$URL_OURS" || true)
    if [[ $code == 200 ]] && openssl ocsp -respin "$WORK/ours.der" -resp_text -noverify 2>/dev/null |
      grep -q 'Cert Status: good'; then
      return 0
    fi
    sleep 0.2
  done
  die "PCA does not answer good for leaf 1 at $URL_OURS"
}

wildfly_pid() {
  local pid
  pid=$(cat "$ROOT/.stack/run/wildfly.pid" 2>/dev/null) || return 0
  [[ $(ps -o comm= -p "$pid" 2>/dev/null) == java ]] && echo "$pid"
  return 0
}

# await_quiet: until WildFly's own work (making keys, CRLs) is done, at most 5 minutes: below a
# tenth of a core over 3 s, so that background work does not take the benchmark's CPU
await_quiet() {
  local pid t0 t1 i
  pid=$(wildfly_pid)
  [[ -n $pid ]] || return 0
  for ((i = 0; i < 100; i++)); do
    t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    sleep 3
    t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    if (((t1 - t0) * 10 < 3 * CLK_TCK)); then return 0; fi
    ((i % 10 == 0)) && log "waiting for WildFly to go quiet ($(((t1 - t0) * 100 / (3 * CLK_TCK)))% of a core)"
  done
  log "WARNING: WildFly did not go quiet within 5 minutes"
  QUIET_WARNING=1
}
CLK_TCK=$(getconf CLK_TCK)
QUIET_WARNING=0

# ---------------------------------------------------------------- openssl and nginx

start_openssl() {
  local i
  ip netns exec "$NS" openssl ocsp -index "$WORK/index.txt" -CA "$WORK/int.pem" \
    -rsigner "$WORK/rsigner.pem" -rkey "$WORK/private/rsigner.key" -port "$OPENSSL_PORT" \
    -multi 2 -nmin $((VALIDITY_SECONDS / 60)) -resp_key_id >>"$WORK/openssl.log" 2>&1 &
  OPENSSL_PID=$!
  for ((i = 0; i < 50; i++)); do
    sleep 0.1
    # A whole request, never a bare connection: that would set a child spinning.
    if ip netns exec "$NS" curl -s -o "$WORK/openssl.der" --max-time 5 "$URL_OPENSSL"; then
      return 0
    fi
  done
  die "openssl's responder does not answer: $(tail -5 "$WORK/openssl.log")"
}

stop_openssl() {
  [[ -n $OPENSSL_PID ]] || return 0
  local children i
  children=$(pgrep -P "$OPENSSL_PID" || true)
  # The children may be spinning on a dead connection: they get no say.
  if [[ -n $children ]]; then kill -KILL $children 2>/dev/null || true; fi
  kill -TERM "$OPENSSL_PID" 2>/dev/null || true
  for ((i = 0; i < 20; i++)); do
    kill -0 "$OPENSSL_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$OPENSSL_PID" 2>/dev/null || true
  wait "$OPENSSL_PID" 2>/dev/null || true
  OPENSSL_PID=""
}

start_nginx() {
  local dir=$WORK/nginx i
  mkdir -p "$dir/www" "$dir/temp"
  cp "$WORK/ours.der" "$dir/www/answer.der"
  chmod -R a+rX "$dir"
  cat >"$dir/nginx.conf" <<EOF
worker_processes $(nproc);
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/temp;
  proxy_temp_path $dir/temp;
  fastcgi_temp_path $dir/temp;
  uwsgi_temp_path $dir/temp;
  scgi_temp_path $dir/temp;
  keepalive_requests 1000000;
  default_type application/ocsp-response;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $dir/www;
  }
}
EOF
  nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' >>"$dir/stdout.log" 2>&1 &
  NGINX_PID=$!
  for ((i = 0; i < 50; i++)); do
    sleep 0.1
    if curl -s -o "$WORK/nginx.der" --max-time 5 "$URL_NGINX"; then return 0; fi
  done
  die "nginx does not answer (see $dir/error.log)"
}

stop_nginx() {
  [[ -n $NGINX_PID ]] || return 0
  kill -QUIT "$NGINX_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 50; i++)); do
    kill -0 "$NGINX_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$NGINX_PID" 2>/dev/null || true
  wait "$NGINX_PID" 2>/dev/null || true
  NGINX_PID=""
}

# ---------------------------------------------------------------- measuring

# latency value of wrk (e.g. 812.00us, 3.21ms, 1.02s) in milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN{ n=v+0; u=v; sub(/^[0-9.]+/, "", u);
    if (u=="us") n/=1000; else if (u=="s") n*=1000; else if (u=="m") n*=60000; printf "%.2f", n }'
}

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

# wrk_once NAME DURATION SERVER MODE: one bounded wrk run, output in $WORK/wrk-NAME.txt
wrk_once() {
  local name=$1 duration=$2 server=$3 mode=$4 url prefix=()
  case $server in
    ours) url=$URL_OURS ;;
    openssl) url=$URL_OPENSSL; prefix=(ip netns exec "$NS") ;;
    nginx) url=$URL_NGINX ;;
  esac
  local args=(-t"$THREADS" -c"$CONNS" -d"$duration" --latency -s "$NOPROBE")
  [[ $mode == close ]] && args+=(-H 'Connection: close')
  "${prefix[@]}" timeout "$WRK_TIMEOUT" wrk "${args[@]}" "$url" >"$WORK/wrk-$name.txt" 2>&1 ||
    die "wrk failed for $name: $(tail -5 "$WORK/wrk-$name.txt")"
}

machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat; }

declare -A R # results: R[name,field]
INVALID=()
NOTES=()

# measure SERVER MODE: warm-up and measured run; openssl restarted before each; retried on errors
measure() {
  local server=$1 mode=$2 name=$1-$2 attempt f why b0 i0 b1 i1
  for ((attempt = 1; attempt <= MAX_ATTEMPTS; attempt++)); do
    [[ $server == openssl ]] && { stop_openssl; start_openssl; }
    log "$name: warm-up $WARMUP (attempt $attempt)"
    wrk_once "$name-warmup" "$WARMUP" "$server" "$mode"
    if [[ $server == openssl ]]; then
      stop_openssl
      start_openssl
      check_answer "$WORK/openssl.der" openssl
    fi
    await_quiet
    log "$name: wrk -t$THREADS -c$CONNS -d$DURATION --latency"
    read -r b0 i0 <<<"$(machine_ticks)"
    wrk_once "$name" "$DURATION" "$server" "$mode"
    read -r b1 i1 <<<"$(machine_ticks)"
    [[ $server == openssl ]] && stop_openssl
    for f in rps total p50 p99 non2xx sockerr; do R[$name,$f]=$(wrk_field "$WORK/wrk-$name.txt" "$f"); done
    R[$name,busy]=$(awk -v b=$((b1 - b0)) -v i=$((i1 - i0)) 'BEGIN{printf "%.0f%%", 100 * b / (b + i)}')
    R[$name,attempts]=$attempt
    why=""
    ((R[$name,non2xx] == 0)) || why+="${R[$name,non2xx]} non-2xx answers; "
    ((R[$name,sockerr] == 0)) || why+="${R[$name,sockerr]} socket errors; "
    ((${R[$name,total]:-0} > 0)) || why+="no requests completed; "
    if [[ -z $why ]]; then
      log "$name: ${R[$name,rps]} responses/s, p50 ${R[$name,p50]} ms, p99 ${R[$name,p99]} ms"
      return 0
    fi
    why=${why%; }
    log "!!! $name attempt $attempt does not count: $why"
    NOTES+=("$name attempt $attempt did not count (${R[$name,rps]} responses/s): $why")
  done
  INVALID+=("$name")
}

# warm_jvm: rounds of WARM_ROUND of PCA's keep-alive load until two in a row agree within 5%
WARM_ROUND=${BENCH_WARM_ROUND:-20s}
WARM_ROUNDS=${BENCH_WARM_ROUNDS:-12}
WARM_RATES=()
warm_jvm() {
  local rate previous=0 i
  for ((i = 1; i <= WARM_ROUNDS; i++)); do
    wrk_once "jit-warm-$i" "$WARM_ROUND" ours keepalive
    rate=$(wrk_field "$WORK/wrk-jit-warm-$i.txt" rps)
    WARM_RATES+=("${rate%.*}")
    log "JIT warm-up round $i: $rate responses/s"
    if awk -v a="$rate" -v b="$previous" 'BEGIN{exit !(b > 0 && a / b < 1.05 && b / a < 1.05)}'; then
      return 0
    fi
    previous=$rate
  done
  log "WARNING: PCA's rate did not settle within $WARM_ROUNDS warm-up rounds"
}

# ---------------------------------------------------------------- report

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b+0 == 0) print "n/a"; else printf "%.2f", a/b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN{print (r != "n/a" && r + 0 >= t) ? "met" : "NOT met"}'; }

write_results() {
  local tmp=$RESULTS.tmp mode server name label valid r
  mkdir -p "$(dirname "$RESULTS")"
  {
    echo "# OCSP benchmark: PCA's responder vs openssl ocsp and nginx"
    echo
    echo "Produced by \`system-tests/bench/ocsp.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo
    if ((${#INVALID[@]})); then
      echo "> **INVALID RUNS: ${INVALID[*]}**: after $MAX_ATTEMPTS attempts each still had non-2xx answers or"
      echo "> socket errors; their numbers do not count. See \"Attempts that did not count\"."
      echo
    fi
    echo "GET of one good certificate's OCSP answer, wrk -t$THREADS -c$CONNS -d$DURATION, all on 127.0.0.1."
    echo
    echo "| connections | server | responses/s | p50 ms | p99 ms | requests | errors | machine busy | OURS/this |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    for mode in keepalive close; do
      for server in ours openssl nginx; do
        name=$server-$mode
        [[ -n ${R[$name,rps]:-} ]] || continue
        case $server in
          ours) label="OURS (PCA OCSP WAR, kept answer)" ;;
          openssl) label="openssl ocsp -multi 2" ;;
          nginx) label="nginx, static file of $ANSWER_BYTES bytes" ;;
        esac
        r="—"
        [[ $server != ours ]] && r=$(ratio "${R[ours-$mode,rps]:-0}" "${R[$name,rps]}")
        valid=""
        [[ " ${INVALID[*]} " == *" $name "* ]] && valid=" **INVALID**"
        printf '| %s | %s%s | %.0f | %s | %s | %s | %s | %s | %s |\n' \
          "$([[ $mode == keepalive ]] && echo keep-alive || echo 'new per request')" "$label" "$valid" \
          "${R[$name,rps]}" "${R[$name,p50]}" "${R[$name,p99]}" "${R[$name,total]}" \
          "$((R[$name,non2xx] + R[$name,sockerr]))" "${R[$name,busy]}" "$r"
      done
    done
    echo
    echo "**Targets** (issue 4): OURS at least 2x openssl's responder, and at least half of nginx in the same connection mode."
    local o=${R[ours-keepalive,rps]:-0} oc=${R[ours-close,rps]:-0} ro rn rnc roc
    ro=$(ratio "$o" "${R[openssl-keepalive,rps]:-0}")
    rn=$(ratio "$o" "${R[nginx-keepalive,rps]:-0}")
    rnc=$(ratio "$oc" "${R[nginx-close,rps]:-0}")
    roc=$(ratio "$oc" "${R[openssl-close,rps]:-0}")
    printf -- '- vs openssl ocsp -multi 2 (wrk keep-alive, as the issue measured it): %.0f vs %.0f responses/s, %sx: **%s**.\n' \
      "$o" "${R[openssl-keepalive,rps]:-0}" "$ro" "$(verdict "$ro" 2)"
    printf -- '- vs nginx, keep-alive: %.0f vs %.0f responses/s, %sx: **%s**.\n' "$o" "${R[nginx-keepalive,rps]:-0}" "$rn" "$(verdict "$rn" 0.5)"
    printf -- '- vs nginx, new connection per request: %.0f vs %.0f responses/s, %sx: **%s**.\n' "$oc" "${R[nginx-close,rps]:-0}" "$rnc" "$(verdict "$rnc" 0.5)"
    printf -- '- For the record: with a new connection per request OURS is %sx openssl'"'"'s responder (%s). openssl'"'"'s\n' "$roc" \
      "$(verdict "$roc" 2 | sed 's/^met$/2x met as well/; s/^NOT met$/below 2x/')"
    if ((OPENSSL_CLOSES)); then
      echo "  responder answers HTTP/$OPENSSL_HTTP and closes every connection itself (curl needed a new connection for its"
      echo "  second request), so wrk's keep-alive makes no difference to it: both its rows do the same work. Twice its rate"
      echo "  with a new connection per request would be $(awk -v r="${R[openssl-close,rps]:-0}" 'BEGIN{printf "%.0f", 2 * r}')/s, against nginx's $(printf '%.0f' "${R[nginx-close,rps]:-0}")/s in that mode."
    else
      echo "  responder answers HTTP/$OPENSSL_HTTP and keeps connections open."
    fi
    echo
    echo "## Method"
    echo
    echo "Machine: Debian $(cat /etc/debian_version 2>/dev/null), \`nproc\` = $(nproc), $(free -g | awk '/^Mem:/{print $2}') GiB, $(uname -r)."
    echo "wrk, the servers and PostgreSQL share these cores. \"Machine busy\" is all cores over the measured run, wrk included."
    echo "Before the JIT warm-up and before each measured run, the script waits until WildFly uses under a tenth of a core"
    echo "(no background work such as making keys or CRLs)$( ((QUIET_WARNING)) && echo ': **it did not always go quiet within 5 minutes**')."
    echo "Versions: ${WILDFLY_VERSION:-WildFly (unknown)}, $(java -version 2>&1 | head -1 | tr -d '"'),"
    echo "$(openssl version | awk '{print $1, $2}'), $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')."
    echo
    echo "- **The certificates**: through PCA's REST API, repository \`$REPO_NAME\` (OCSP on, answers valid"
    echo "  ${VALIDITY_SECONDS} s; left behind), P-256 root and P-256 intermediate \`$INT_LABEL\`, $LEAVES TLS leaves"
    echo "  from one openssl P-256 CSR. Each request asks about leaf 1: \`openssl ocsp -issuer int.pem -cert leaf-1.pem -no_nonce -reqout\`"
    echo "  ($REQUEST_BYTES bytes, SHA-1 CertID), sent as RFC 5019 GET: the URL-encoded base64 after the responder's URL, built once."
    echo "- **OURS**: \`GET $OCSP_URL/<request>\` on the running stack. PCA signs with the intermediate's delegated responder"
    echo "  (P-256 key on SoftHSM2, id-kp-OCSPSigning, id-pkix-ocsp-nocheck) and keeps the signed answer to a good certificate;"
    echo "  an Undertow handler of the WAR sends kept answers before the servlet chain. Answer: $ANSWER_BYTES bytes with the"
    echo "  responder certificate and RFC 5019 caching headers; checked with \`openssl ocsp -respin -CAfile chain.pem\` (Response verify OK, good)."
    echo "- **JIT warm-up** (OURS only): rounds of $WARM_ROUND of the keep-alive load until two rounds in a row agree within 5%"
    echo "  (at most $WARM_ROUNDS): ${#WARM_RATES[@]} rounds, $(IFS=' '; echo "${WARM_RATES[*]}" | sed 's/ / → /g') responses/s."
    echo "- **openssl ocsp**: \`openssl ocsp -index index.txt -CA int.pem -rsigner rsigner.pem -rkey rsigner.key -port $OPENSSL_PORT -multi 2 -nmin $((VALIDITY_SECONDS / 60)) -resp_key_id\`."
    echo "  index.txt lists the same $LEAVES leaves (status V); rsigner.pem is a delegated responder certificate that PCA issued from the"
    echo "  same intermediate (id-kp-OCSPSigning) for a P-256 key openssl made. Its answer ($OPENSSL_BYTES bytes) is checked the same way"
    echo "  before each measured run. openssl's responder binds every address, so it runs in network namespace \`$NS\` that has"
    echo "  only loopback, with wrk beside it (\`ip netns exec\`). It is started afresh before each wrk run: a child spins for good"
    echo "  on a connection that closes without a request, which wrk leaves behind when it stops."
    echo "- **nginx**: \`nginx -g 'daemon off;'\` with $(nproc) workers, \`access_log off\`, \`keepalive_requests 1000000\`,"
    echo "  \`listen 127.0.0.1:$NGINX_PORT\`, serving PCA's answer (the same $ANSWER_BYTES bytes) as a static file."
    echo "- **wrk**: each server and mode has a $WARMUP warm-up run, then \`wrk -t$THREADS -c$CONNS -d$DURATION --latency -s system-tests/bench/noprobe.lua URL\`,"
    echo "  with \`-H 'Connection: close'\` for a new connection per request. \`noprobe.lua\` leaves out plain wrk's start-up probe"
    echo "  (a connection that sends nothing); every server is measured through it. Errors = non-2xx answers + socket errors."
    echo
    echo "## Attempts that did not count"
    echo
    if ((${#NOTES[@]})); then
      echo "A run is repeated (at most $MAX_ATTEMPTS attempts) when wrk saw any non-2xx answer or socket error."
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

urlencoded_base64() { base64 -w0 "$1" | python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read().strip(), safe=""))'; }

main() {
  need_tools
  load_secrets PCA_KEYCLOAK_ADMIN_PASSWORD PCA_API_CLIENT_SECRET
  wait_for_stack
  port_free "$NGINX_PORT" || die "port $NGINX_PORT is in use"
  WORK=$(mktemp -d /tmp/pca-ocsp-bench.XXXXXX)
  chmod 755 "$WORK"
  mkdir -m 700 "$WORK/private"
  RAND=$(openssl rand -hex 4)
  NS="pca-ocsp-bench-$RAND"
  ip netns add "$NS" || die "cannot make network namespace $NS"
  ip netns exec "$NS" ip link set lo up || die "cannot bring up loopback in $NS"
  WILDFLY_VERSION=$(grep -o 'WildFly [0-9][^ ]* ([^)]*)' "$SERVER_LOG" 2>/dev/null | tail -1 || true)

  make_kc_client bench-ocsp-admin
  setup_pca
  issue_leaves
  write_index
  openssl ocsp -issuer "$WORK/int.pem" -cert "$WORK/leaf-1.pem" -no_nonce -reqout "$WORK/request.der" >/dev/null 2>&1 ||
    die "openssl could not write the OCSP request"
  REQUEST_BYTES=$(stat -c %s "$WORK/request.der")
  local path
  path=$(urlencoded_base64 "$WORK/request.der")
  URL_OURS=$OCSP_URL/$path
  URL_OPENSSL=http://127.0.0.1:$OPENSSL_PORT/$path
  URL_NGINX=http://127.0.0.1:$NGINX_PORT/answer.der

  await_pca
  check_answer "$WORK/ours.der" PCA
  ANSWER_BYTES=$(stat -c %s "$WORK/ours.der")
  log "PCA answers good for leaf 1 ($ANSWER_BYTES bytes), verified against the chain"

  start_openssl
  check_answer "$WORK/openssl.der" openssl
  OPENSSL_BYTES=$(stat -c %s "$WORK/openssl.der")
  # Two answers in one curl: the HTTP version, and whether the second needed a new connection.
  read -r OPENSSL_HTTP OPENSSL_CLOSES < <(ip netns exec "$NS" curl -s -o /dev/null -o /dev/null \
    -w '%{http_version} %{num_connects}\n' "$URL_OPENSSL" "$URL_OPENSSL" |
    awk '{v = $1; c += $2} END {print (v == "1" ? "1.0" : v), (c > 1 ? 1 : 0)}')
  stop_openssl
  log "openssl's responder answers good for leaf 1 ($OPENSSL_BYTES bytes), verified against the chain"

  start_nginx
  cmp -s "$WORK/nginx.der" "$WORK/ours.der" || die "nginx does not serve PCA's answer byte for byte"

  await_quiet
  warm_jvm
  for mode in keepalive close; do
    measure ours "$mode"
    measure openssl "$mode"
    measure nginx "$mode"
  done
  stop_nginx

  write_results
  if ((${#INVALID[@]})); then
    log "!!! invalid runs: ${INVALID[*]} (see $RESULTS)"
    exit 3
  fi
}

main "$@"
