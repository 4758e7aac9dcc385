#!/usr/bin/env bash
# EST benchmark: simpleenroll per second through PCA's EST endpoint (RFC 7030), and the same
# issuance through PCA's REST API over the same TLS listener as the yardstick (same issuer,
# template, CSR and load), so that the ratio is the cost of the EST layer: its profile lookup,
# HTTP Basic check, enrollment record and certs-only answer.
#
# Needs the PCA stack already started (this script never starts, stops or redeploys it). It holds
# the benchmark lock ($PCA_BENCH_LOCK, default /tmp/pca-bench.lock) for its whole run; on a shared
# dev stack run it under the stack lock too: `flock /tmp/pca-stack.lock system-tests/bench/est.sh`.
# It:
#   1. makes a temporary Keycloak client holding pca-admin, and through PCA's REST API a repository,
#      a P-256 root and intermediate, a device template and an EST profile (HTTP Basic, no
#      approval);
#   2. makes one P-256 CSR with openssl (CN and DNS SAN bench-est.example.com);
#   3. checks with curl, the server's TLS certificate pinned (.stack/wildfly/tls-server.pem):
#      cacerts; simpleenroll answers 200 with a certificate that `openssl verify` accepts against
#      that chain; the same CSR again gets a new certificate; a wrong password gets 401;
#   4. warms the JVM with rounds of the EST load until two rounds agree within 3%;
#   5. measures with wrk (5 s warm-up, then 20 s): EST with 16 keep-alive connections, REST over
#      TLS with 16, EST with one device at a time, EST with a new TLS connection per enrolment;
#   6. writes system-tests/results/est.md.
# wrk checks no certificate: the answers it counts are the same as those checked in step 3.
# Cleans up the Keycloak client and the temp dir on any exit; the repository stays (it holds
# issuers, which cannot be deleted).
# Exit status: 0 all runs valid; 1 a precondition, setup or check failed; 3 results written but a
# run had non-2xx answers or socket errors.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RESULTS=$ROOT/system-tests/results/est.md
SECRETS=$ROOT/.stack/secrets.env
SERVER_LOG=$ROOT/.stack/wildfly/standalone/log/server.log
SERVER_PEM=$ROOT/.stack/wildfly/tls-server.pem
EST_LUA=$HERE/est.lua
REST_LUA=$HERE/post.lua
BENCH_LOCK=${PCA_BENCH_LOCK:-/tmp/pca-bench.lock}

API=http://127.0.0.1:8080/api/v2
TLS=https://127.0.0.1:8443
KC=http://127.0.0.1:8180
# Shorter values serve a trial of the script itself, not a measurement.
DURATION=${EST_BENCH_DURATION:-20s}
WARMUP=${EST_BENCH_WARMUP:-5s}
WARM_ROUND=${EST_BENCH_WARM_ROUND:-20s}
WARM_MIN=${EST_BENCH_WARM_MIN:-6}
WARM_ROUNDS=${EST_BENCH_WARM_ROUNDS:-15}
WRK_TIMEOUT=120

export PGOPTIONS='--client-min-messages=warning'
PSQL=(psql -h 127.0.0.1 -p 5432 -U postgres -X -q -A -t -v ON_ERROR_STOP=1 -d pca)

# shellcheck source=lib.sh
. "$HERE/lib.sh"
WORK=""
KC_CLIENT_ID=""

cleanup() {
  local rc=$?
  set +e
  if [[ -n $KC_CLIENT_ID ]]; then delete_kc_client "$KC_CLIENT_ID"; fi
  if [[ -n $WORK && -d $WORK ]]; then rm -rf -- "$WORK"; fi
  exit "$rc"
}

# ---------------------------------------------------------------- preconditions

need_tools() {
  local tool missing=()
  for tool in curl jq openssl psql awk timeout flock wrk; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} (wrk: apt-get install wrk)"
  [[ -r $EST_LUA && -r $REST_LUA ]] || die "missing $EST_LUA or $REST_LUA"
}


wait_for_stack() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$API/me" || true)
  [[ $code == 401 ]] || die "the stack is not up: GET $API/me answers ${code:-nothing}, not 401"
}

# ---------------------------------------------------------------- setup through REST

setup_pca() {
  local admin operator spec created
  admin=$(client_token "$KC_CLIENT_ID" "$KC_CLIENT_SECRET") || die "no token for $KC_CLIENT_ID"
  operator=$(client_token pca-api "$PCA_API_CLIENT_SECRET") || die "no token for pca-api"
  REPO_ID=$(call POST "$API/repositories" "$admin" 201 "$(jq -nc --arg n "bench-est-$RAND" \
    '{name:$n, crlEnabled:true, crlPeriodSeconds:86400, ocspEnabled:true, ocspValiditySeconds:3600}')" |
    jq -er .id) || die "could not create the repository"
  ROOT_ID=$(call POST "$API/repositories/$REPO_ID/issuers" "$admin" 201 "$(jq -nc --arg l "bench-est-root-$RAND" \
    '{label:$l, subject:"CN=Bench EST Root", keySpec:"EC_P256", validityDays:3650, pathLength:1}')" |
    jq -er .id) || die "could not create the root"
  INT_LABEL=bench-est-int-$RAND
  INT_ID=$(call POST "$API/issuers/$ROOT_ID/intermediates" "$admin" 201 "$(jq -nc --arg l "$INT_LABEL" \
    '{label:$l, subject:"CN=Bench EST Intermediate", keySpec:"EC_P256", validityDays:3000, pathLength:0}')" |
    jq -er .id) || die "could not create the intermediate"
  spec='{"limits":{"maxValidity":"PT2160H","allowedKeys":[{"algorithm":"EC","minBits":256},{"algorithm":"RSA","minBits":2048}],"dnsSuffixes":["example.com"],"dnsPatterns":[],"allowWildcardNames":false,"ipRanges":[],"emailDomains":[],"uriPrefixes":[],"maxSans":5,"cnMustBeSan":true,"csrSubjectFields":["CN"]},"settings":{"keyUsage":["DIGITAL_SIGNATURE"],"extendedKeyUsage":["TLS_CLIENT"],"subjectDefaults":[],"signatureAlgorithm":null}}'
  TEMPLATE_ID=$(call POST "$API/repositories/$REPO_ID/templates" "$operator" 201 \
    "{\"name\":\"bench-devices\",\"spec\":$spec}" | jq -er .id) || die "could not create the template"
  LABEL=bench-est-$RAND
  created=$(call POST "$API/repositories/$REPO_ID/enrollment-profiles" "$admin" 201 "$(jq -nc \
    --arg n "$LABEL" --arg i "$INT_ID" --arg t "$TEMPLATE_ID" \
    '{name:$n, protocol:"EST", issuerId:$i, templateId:$t, authentication:"HTTP_BASIC", username:"device", manualApproval:false, allowDes:false}')") ||
    die "could not create the EST profile"
  PROFILE_ID=$(jq -er .profile.id <<<"$created")
  PASSWORD=$(jq -er .secret <<<"$created")
  AUTHORIZATION="Basic $(printf '%s' "device:$PASSWORD" | base64 -w0)"
  EST=$TLS/.well-known/est/$LABEL
  log "PCA: repository bench-est-$RAND, intermediate $INT_LABEL, template $TEMPLATE_ID, EST profile $LABEL"
}

# ---------------------------------------------------------------- checks with curl

# est_post OPERATION OUT [CURL OPTIONS...]: the status code; the body in OUT
est_post() {
  local operation=$1 out=$2
  shift 2
  curl -s --max-time 60 --cacert "$SERVER_PEM" -o "$out" -w '%{http_code}' \
    -H 'Content-Type: application/pkcs10' --data-binary @"$WORK/csr.b64" "$@" "$EST/$operation"
}

check_est() {
  local code s1 s2
  code=$(curl -s --max-time 60 --cacert "$SERVER_PEM" -o "$WORK/cacerts.b64" -w '%{http_code}' "$EST/cacerts")
  [[ $code == 200 ]] || die "cacerts answered $code"
  openssl base64 -d -in "$WORK/cacerts.b64" | openssl pkcs7 -inform DER -print_certs >"$WORK/chain.pem" ||
    die "cacerts is no certs-only message"
  code=$(est_post simpleenroll "$WORK/one.b64" -H "Authorization: $AUTHORIZATION")
  [[ $code == 200 ]] || die "simpleenroll answered $code: $(head -c 300 "$WORK/one.b64")"
  openssl base64 -d -in "$WORK/one.b64" | openssl pkcs7 -inform DER -print_certs >"$WORK/one.pem" ||
    die "simpleenroll's answer is no certs-only message"
  openssl verify -CAfile "$WORK/chain.pem" "$WORK/one.pem" >"$WORK/verify.txt" 2>&1 ||
    die "openssl verify failed: $(cat "$WORK/verify.txt")"
  cmp -s <(openssl x509 -noout -pubkey -in "$WORK/one.pem") <(openssl req -noout -pubkey -in "$WORK/csr.pem") ||
    die "the certificate does not carry the CSR's key"
  code=$(est_post simpleenroll "$WORK/two.b64" -H "Authorization: $AUTHORIZATION")
  [[ $code == 200 ]] || die "the second simpleenroll answered $code"
  s1=$(openssl x509 -noout -serial -in "$WORK/one.pem")
  s2=$(openssl base64 -d -in "$WORK/two.b64" | openssl pkcs7 -inform DER -print_certs | openssl x509 -noout -serial)
  [[ $s1 != "$s2" ]] || die "the same CSR got the same certificate twice"
  code=$(est_post simpleenroll /dev/null -u device:wrong)
  [[ $code == 401 ]] || die "a wrong password got $code, not 401"
  log "EST checks: cacerts, simpleenroll verifies with openssl, new serial per request, wrong password 401"
}

# ---------------------------------------------------------------- measuring

# wrk_once NAME DURATION THREADS CONNECTIONS KIND(est|est-close|rest): output in $WORK/wrk-NAME.txt
wrk_once() {
  local name=$1 duration=$2 threads=$3 connections=$4 kind=$5 url script token=""
  case $kind in
    est | est-close) url=$EST/simpleenroll script=$EST_LUA ;;
    rest) url=$TLS/api/v2/issuers/$INT_ID/certificates script=$REST_LUA
      token=$(client_token pca-api "$PCA_API_CLIENT_SECRET") || die "no token for pca-api" ;;
  esac
  BENCH_BODY_FILE=$([[ $kind == rest ]] && echo "$WORK/rest.json" || echo "$WORK/csr.b64") \
    BENCH_AUTHORIZATION=$AUTHORIZATION BENCH_TOKEN=$token BENCH_CLOSE=$([[ $kind == est-close ]] && echo 1 || echo 0) \
    timeout "$WRK_TIMEOUT" wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$script" "$url" \
    >"$WORK/wrk-$name.txt" 2>&1 || die "wrk failed for $name: $(tail -5 "$WORK/wrk-$name.txt")"
}

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

# certificate rows of the intermediate, enrollment_request rows of the profile, issuance audit events
rows() {
  "${PSQL[@]}" -F ' ' -c "SELECT (SELECT count(*) FROM certificate WHERE issuer_id = '$INT_ID'),
    (SELECT count(*) FROM enrollment_request WHERE profile_id = '$PROFILE_ID'),
    (SELECT count(*) FROM audit_event WHERE action = 'certificate.issue' AND detail LIKE 'issuer=$INT_LABEL %')"
}

declare -A R
RUNS=()
INVALID=()

# measure NAME THREADS CONNECTIONS KIND DESCRIPTION
measure() {
  local name=$1 threads=$2 connections=$3 kind=$4 f c0 e0 a0 c1 e1 a1
  log "$name: warm-up $WARMUP"
  wrk_once "$name-warmup" "$WARMUP" "$threads" "$connections" "$kind"
  read -r c0 e0 a0 <<<"$(rows)"
  log "$name: wrk -t$threads -c$connections -d$DURATION"
  wrk_once "$name" "$DURATION" "$threads" "$connections" "$kind"
  sleep 1
  read -r c1 e1 a1 <<<"$(rows)"
  for f in rps total p50 p99 non2xx sockerr; do R[$name,$f]=$(wrk_field "$WORK/wrk-$name.txt" "$f"); done
  R[$name,rows]="$((c1 - c0)) certificate, $((e1 - e0)) enrollment_request, $((a1 - a0)) audit_event"
  R[$name,what]=$5
  R[$name,connections]=$connections
  RUNS+=("$name")
  if ((R[$name,non2xx] > 0 || R[$name,sockerr] > 0 || ${R[$name,total]:-0} == 0)); then
    INVALID+=("$name")
    log "!!! $name: ${R[$name,non2xx]} non-2xx, ${R[$name,sockerr]} socket errors"
  fi
  log "$name: ${R[$name,rps]} req/s, p50 ${R[$name,p50]} ms, p99 ${R[$name,p99]} ms; rows ${R[$name,rows]}"
}

warm_jvm() {
  local rate previous=0 i
  for ((i = 1; i <= WARM_ROUNDS; i++)); do
    wrk_once "jit-$i" "$WARM_ROUND" 2 16 est
    rate=$(wrk_field "$WORK/wrk-jit-$i.txt" rps)
    WARM_RATES+=("${rate%.*}")
    log "JIT warm-up round $i: $rate enrolments/s"
    if ((i >= WARM_MIN)) && awk -v a="$rate" -v b="$previous" 'BEGIN{exit !(b > 0 && a / b < 1.03 && b / a < 1.03)}'; then
      return 0
    fi
    previous=$rate
  done
  log "WARNING: the rate did not settle within $WARM_ROUNDS rounds"
}

# ---------------------------------------------------------------- results

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b+0 == 0) print "n/a"; else printf "%.2f", a/b }'; }

write_results() {
  local tmp=$RESULTS.tmp name
  mkdir -p "$(dirname "$RESULTS")"
  {
    echo "# EST benchmark: simpleenroll per second"
    echo
    echo "Produced by \`system-tests/bench/est.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
    echo
    if ((${#INVALID[@]})); then
      echo "> **INVALID RUNS: ${INVALID[*]}**: non-2xx answers or socket errors; their numbers do not count."
      echo
    fi
    echo "| run | connections | certificates/s | p50 ms | p99 ms | requests | non-2xx | rows written in the run | EST/REST |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|---:|"
    for name in "${RUNS[@]}"; do
      printf '| %s | %s | %.0f | %s | %s | %s | %s | %s | %s |\n' "${R[$name,what]}" "${R[$name,connections]}" \
        "${R[$name,rps]}" "${R[$name,p50]}" "${R[$name,p99]}" "${R[$name,total]}" "${R[$name,non2xx]}" \
        "${R[$name,rows]}" "$([[ $name == est-keepalive ]] && ratio "${R[$name,rps]}" "${R[rest-keepalive,rps]:-0}" || echo —)"
    done
    echo
    echo "**EST/REST** = EST simpleenroll per second over REST issuance per second, both over the same"
    echo "TLS listener with 16 keep-alive connections: the cost of the EST layer. Each EST request"
    echo "looks up its profile, checks the HTTP Basic password, records an enrollment request and"
    echo "answers a certs-only CMS; each REST request checks a Keycloak bearer token."
    echo
    echo "## Method"
    echo
    echo "Machine: $(. /etc/os-release && echo "$PRETTY_NAME"), \`nproc\` = $(nproc), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo);"
    echo "load generator, WildFly, PostgreSQL and Keycloak share these cores; all traffic is on 127.0.0.1."
    echo "Versions: ${WILDFLY_VERSION:-WildFly (version not found in the log)}, $(java -version 2>&1 | head -1),"
    echo "wrk $(dpkg-query -W -f='${Version}' wrk 2>/dev/null || echo '?'), $(openssl version | cut -d' ' -f1-2)."
    echo
    echo "Setup through the REST API: repository \`bench-est-$RAND\` (left behind), P-256 root, P-256"
    echo "intermediate \`$INT_LABEL\` (key in SoftHSM2 through SunPKCS11), device template (EC P-256 /"
    echo "RSA 2048, DNS names under example.com, TLS client), EST profile \`$LABEL\` with HTTP Basic and"
    echo "no approval. Every request sends one fixed CSR, made once with"
    echo "\`openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=bench-est.example.com -addext subjectAltName=DNS:bench-est.example.com\`;"
    echo "every answer is a new certificate with a new serial (a profile without approval treats the same"
    echo "CSR sent again as a new enrolment; checked before measuring)."
    echo
    echo "Before measuring, with curl and the server's TLS certificate pinned (\`--cacert .stack/wildfly/tls-server.pem\`):"
    echo "cacerts; one simpleenroll answer verified by \`openssl verify\` against that chain and checked to carry"
    echo "the CSR's key; a second answer with another serial; a wrong password answered 401."
    echo "wrk itself checks no certificate."
    echo
    echo "- **JIT warm-up**: rounds of $WARM_ROUND of the EST load (16 connections) until two in a row agree"
    echo "  within 3% (at least $WARM_MIN, at most $WARM_ROUNDS): ${#WARM_RATES[@]} rounds, $(IFS=,; echo "${WARM_RATES[*]}" | sed 's/,/ → /g') enrolments/s."
    echo "- Each measured run follows a $WARMUP warm-up run of the same command and lasts $DURATION."
    echo "- **EST**: \`BENCH_BODY_FILE=csr.b64 BENCH_AUTHORIZATION='Basic …' wrk -tT -cC -d$DURATION --latency -s system-tests/bench/est.lua $TLS/.well-known/est/$LABEL/simpleenroll\`"
    echo "  (body: the CSR's DER in base64, \`Content-Type: application/pkcs10\`). The run with a new TLS"
    echo "  connection per enrolment adds \`BENCH_CLOSE=1\` (\`Connection: close\`): a full handshake each time, as a device that enrols once."
    echo "- **REST over TLS**: \`BENCH_BODY_FILE=rest.json BENCH_TOKEN=<pca-api token> wrk -t2 -c16 -d$DURATION --latency -s system-tests/bench/post.lua $TLS/api/v2/issuers/$INT_ID/certificates\`"
    echo "  with body \`{\"templateId\":\"$TEMPLATE_ID\",\"csr\":\"<PEM>\"}\`."
    echo "- Rows written: new \`certificate\` rows of the intermediate, \`enrollment_request\` rows of the"
    echo "  profile and \`certificate.issue\` audit events during the measured run (in-flight requests at its end included)."
  } >"$tmp"
  mv -f "$tmp" "$RESULTS"
  log "results written to $RESULTS"
}

# ---------------------------------------------------------------- main

main() {
  need_tools
  exec 9>"$BENCH_LOCK"
  log "waiting for the benchmark lock $BENCH_LOCK"
  flock -w 3600 9 || die "could not take $BENCH_LOCK within an hour"
  load_secrets PCA_KEYCLOAK_ADMIN_PASSWORD PCA_API_CLIENT_SECRET
  [[ -r $SERVER_PEM ]] || die "no $SERVER_PEM: the stack was provisioned before EST had its TLS key store"
  wait_for_stack
  "${PSQL[@]}" -c 'SELECT 1' >/dev/null || die "cannot reach PostgreSQL database pca as postgres"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  WORK=$(mktemp -d /tmp/pca-est-bench.XXXXXX)
  RAND=$(openssl rand -hex 4)
  WILDFLY_VERSION=$(grep -o 'WildFly [0-9][^ ]* ([^)]*)' "$SERVER_LOG" 2>/dev/null | tail -1 || true)
  WARM_RATES=()

  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/device.key" \
    -subj /CN=bench-est.example.com -addext subjectAltName=DNS:bench-est.example.com -out "$WORK/csr.pem" 2>/dev/null ||
    die "openssl could not make the CSR"
  openssl req -in "$WORK/csr.pem" -outform DER | openssl base64 >"$WORK/csr.b64"
  make_kc_client bench-est-admin
  setup_pca
  jq -n --rawfile csr "$WORK/csr.pem" --arg t "$TEMPLATE_ID" '{templateId:$t, csr:$csr}' >"$WORK/rest.json"
  check_est

  warm_jvm
  measure est-keepalive 2 16 est "EST simpleenroll, keep-alive"
  measure rest-keepalive 2 16 rest "REST issuance over the same TLS listener, keep-alive"
  measure est-sequential 1 1 est "EST simpleenroll, one device at a time, keep-alive"
  measure est-handshake 2 16 est-close "EST simpleenroll, a new TLS connection per enrolment"

  write_results
  if ((${#INVALID[@]})); then
    log "!!! invalid runs: ${INVALID[*]}"
    exit 3
  fi
}

main "$@"
