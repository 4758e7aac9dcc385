#!/usr/bin/env bash
# ACME benchmark: PCA's ACME endpoint against Let's Encrypt's pebble (Debian package pebble), whole
# ACME flows per second with the same client load, sequential and with parallel clients, in one run.
#
# Needs the PCA stack already started and its ACME endpoint deployed (this script never starts,
# stops or redeploys it). It:
#   1. takes /tmp/pca-bench.lock and /tmp/pca-stack.lock, so that no build, redeploy or other
#      benchmark runs meanwhile;
#   2. makes a temporary Keycloak client holding pca-admin, and through PCA's REST API a repository,
#      a root, an intermediate of pebble's CA key type, a template for names under .acme.test, an
#      ACME profile and an ACME token (the repository is left behind: it cannot be deleted while it
#      holds issuers);
#   3. starts pebble-challtestsrv as the DNS server both CAs ask (every name is 127.0.0.1), and
#      tells WildFly through its system properties to ask it, to validate http-01 on HTTP_PORT and
#      to let one account order as fast as the load goes (pca.acme.orders-per-hour); the properties
#      WildFly had are given back at the end;
#   4. starts pebble with its own configuration: loopback only, a self-signed TLS certificate the
#      load driver trusts, external account binding required (as PCA does), no artificial sleeps
#      (PEBBLE_VA_NOSLEEP=1), no deliberately rejected nonces, no authorization reuse;
#   5. compiles AcmeLoad.java (Bouncy Castle from the local Maven repository), which makes one
#      account and the CSRs in advance, serves http-01 itself on HTTP_PORT and times whole flows:
#      newOrder, authorization, challenge, polling, finalize, polling, certificate download;
#   6. warms PCA's JVM, then measures sequential (1 client) and parallel (PARALLEL clients) for
#      both servers, and writes system-tests/results/acme.md.
# Cleans up (pebble and challtestsrv by their PIDs, WildFly's properties, the Keycloak client) on
# any exit.
# Exit status: 0 all runs valid; 1 a precondition or setup step failed; 3 results written but a run
# of PCA had failures, which the results file says loudly.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RESULTS=$ROOT/system-tests/results/acme.md
SECRETS=$ROOT/.stack/secrets.env
JBOSS_CLI=$ROOT/.stack/wildfly/bin/jboss-cli.sh
TLS_PEM=$ROOT/.stack/wildfly/tls-server.pem
LOAD_SRC=$HERE/AcmeLoad.java

PCA=http://127.0.0.1:8080
PCA_TLS=https://127.0.0.1:8443
API=$PCA/api/v2
KC=http://127.0.0.1:8180
DNS_PORT=8053
CHALLTESTSRV_MANAGEMENT=8055
HTTP_PORT=5002
TLS_PORT=5001
PEBBLE_PORT=14000
PEBBLE_MANAGEMENT=15000
CA_KEY=RSA_2048 # pebble's CA keys are RSA-2048
PARALLEL=${PARALLEL:-4}
SEQ_COUNT=${SEQ_COUNT:-300}   # flows of a sequential run
PAR_COUNT=${PAR_COUNT:-600}   # flows of a parallel run
WARM_COUNT=${WARM_COUNT:-6000} # PCA's JIT warm-up, parallel, not counted: at least this many flows,
WARM_BATCH=${WARM_BATCH:-2000} # in batches of this many until one is no faster than the one before
WARM_MAX=${WARM_MAX:-20000}    # (within 3%), at most this many (see warm_until_steady)
DRIVER_WARM=${DRIVER_WARM:-1500} # untimed flows warming each run's driver JVM first (400 left it compiling: 6.7 vs 4.8 ms of CPU a flow)
LOCK_WAIT=3600
RUN_TIMEOUT=900 # hard bound on one load run, in seconds

# shellcheck source=lib.sh
. "$HERE/lib.sh"
RAND=$(openssl rand -hex 4)
WORK=$(mktemp -d /tmp/pca-acme-bench.XXXXXX)
PEBBLE_PID=""
CHALLTESTSRV_PID=""
KC_CLIENT_ID=""
PROPERTIES_SET=0
declare -A PREVIOUS # WildFly's system properties before the run ("" = absent)

cleanup() {
  local rc=$?
  set +e
  for name in PEBBLE CHALLTESTSRV; do
    local pid_var=${name}_PID
    local pid=${!pid_var}
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" && wait "$pid" 2>/dev/null
      log "stopped ${name,,} (pid $pid)"
    fi
  done
  ((PROPERTIES_SET)) && restore_properties
  [[ -n $KC_CLIENT_ID ]] && delete_kc_client "$KC_CLIENT_ID"
  rm -rf -- "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- preconditions

need_tools() {
  local missing=()
  for tool in curl jq openssl java javac timeout flock ss; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]}"
  if ! command -v pebble >/dev/null || ! command -v pebble-challtestsrv >/dev/null; then
    log "installing pebble (with pebble-challtestsrv)"
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y pebble >/dev/null 2>&1 ||
      { timeout 600 apt-get update >/dev/null 2>&1 &&
        DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y pebble >/dev/null 2>&1; } ||
      die "could not install pebble"
  fi
  need_bc
  [[ -x $JBOSS_CLI ]] || die "no $JBOSS_CLI (is the stack provisioned?)"
  local port
  for port in $DNS_PORT $CHALLTESTSRV_MANAGEMENT $HTTP_PORT $TLS_PORT $PEBBLE_PORT $PEBBLE_MANAGEMENT; do
    ! ss -Hltn "sport = :$port" | grep -q . || die "port $port is taken already (a test or another run?)"
  done
}




# ---------------------------------------------------------------- PCA

setup_pca() {
  local admin operator template profile token
  admin=$(client_token "$KC_CLIENT_ID" "$KC_CLIENT_SECRET") || die "no token for $KC_CLIENT_ID"
  REPO_ID=$(call POST "$API/repositories" "$admin" 201 "$(jq -nc --arg n "acme-bench-$RAND" \
    '{name:$n, crlEnabled:false, crlPeriodSeconds:86400, ocspEnabled:false, ocspValiditySeconds:3600}')" |
    jq -er .id) || die "could not create the repository"
  ROOT_ID=$(call POST "$API/repositories/$REPO_ID/issuers" "$admin" 201 "$(jq -nc --arg l "acme-root-$RAND" \
    --arg k "$CA_KEY" '{label:$l, subject:"CN=ACME Bench Root", keySpec:$k, validityDays:3650, pathLength:1}')" |
    jq -er .id) || die "could not create the root"
  INT_ID=$(call POST "$API/issuers/$ROOT_ID/intermediates" "$admin" 201 "$(jq -nc --arg l "acme-int-$RAND" \
    --arg k "$CA_KEY" '{label:$l, subject:"CN=ACME Bench Intermediate", keySpec:$k, validityDays:3000, pathLength:0}')" |
    jq -er .id) || die "could not create the intermediate"
  template='{"name":"acme-bench","spec":{"limits":{"maxValidity":"PT2160H","allowedKeys":[{"algorithm":"EC","minBits":256}],"dnsSuffixes":["acme.test"],"dnsPatterns":[],"allowWildcardNames":false,"ipRanges":[],"emailDomains":[],"uriPrefixes":[],"maxSans":5,"cnMustBeSan":true,"csrSubjectFields":["CN"]},"settings":{"keyUsage":["DIGITAL_SIGNATURE"],"extendedKeyUsage":["TLS_SERVER"],"subjectDefaults":[],"signatureAlgorithm":null}}}'
  operator=$(client_token pca-api "$PCA_API_CLIENT_SECRET") || die "no token for pca-api"
  TEMPLATE_ID=$(call POST "$API/repositories/$REPO_ID/templates" "$operator" 201 "$template" | jq -er .id) ||
    die "could not create the template"
  PROFILE_NAME="acme-bench-$RAND"
  profile=$(call POST "$API/repositories/$REPO_ID/enrollment-profiles" "$admin" 201 "$(jq -nc \
    --arg n "$PROFILE_NAME" --arg i "$INT_ID" --arg t "$TEMPLATE_ID" \
    '{name:$n, protocol:"ACME", issuerId:$i, templateId:$t, authentication:"EXTERNAL_ACCOUNT", manualApproval:false, allowDes:false}')") ||
    die "could not create the ACME profile"
  PROFILE_ID=$(jq -er .profile.id <<<"$profile") || die "the profile answer has no id"
  token=$(call POST "$API/enrollment-profiles/$PROFILE_ID/acme-tokens" "$admin" 201 '{"description":"acme benchmark"}') ||
    die "could not create the ACME token"
  PCA_KID=$(jq -er .keyId <<<"$token") && PCA_HMAC=$(jq -er .hmacKey <<<"$token") ||
    die "the token answer has no keyId or hmacKey"
  # Over TLS like pebble when the 8443 listener serves ACME, plain HTTP otherwise.
  PCA_TRUST=()
  if [[ -r $TLS_PEM ]] && curl -sf --max-time 10 --cacert "$TLS_PEM" \
    "$PCA_TLS/acme/$PROFILE_NAME/directory" >/dev/null; then
    PCA_DIRECTORY=$PCA_TLS/acme/$PROFILE_NAME/directory
    PCA_TRUST=("$TLS_PEM")
  else
    PCA_DIRECTORY=$PCA/acme/$PROFILE_NAME/directory
    curl -sf --max-time 10 "$PCA_DIRECTORY" | jq -e .newOrder >/dev/null ||
      die "$PCA_DIRECTORY does not answer: is the ACME endpoint deployed?"
  fi
  log "PCA: repository $REPO_ID, $CA_KEY root $ROOT_ID and intermediate $INT_ID, directory $PCA_DIRECTORY"
}

# ---------------------------------------------------------------- WildFly's system properties

cli() { timeout 120 "$JBOSS_CLI" -c --controller=127.0.0.1:9990 "$@"; }

# set_properties NAME=VALUE...: remembers what WildFly had, then sets them in one batch
set_properties() {
  local existing pair name commands=(batch)
  existing=$(cli --output-json --command='/system-property=*:read-resource') ||
    die "jboss-cli cannot read WildFly's system properties"
  for pair in "$@"; do
    name=${pair%%=*}
    if jq -e --arg n "$name" '.result[] | select(.address[0]["system-property"] == $n)' <<<"$existing" >/dev/null; then
      PREVIOUS[$name]=$(jq -r --arg n "$name" '.result[] | select(.address[0]["system-property"] == $n) | .result.value' <<<"$existing")
      commands+=("/system-property=$name:write-attribute(name=value,value=\"${pair#*=}\")")
    else
      PREVIOUS[$name]=""
      commands+=("/system-property=$name:add(value=\"${pair#*=}\")")
    fi
  done
  commands+=(run-batch)
  PROPERTIES_SET=1
  cli --commands="$(IFS=,; echo "${commands[*]}")" >"$WORK/cli.log" 2>&1 ||
    die "jboss-cli could not set the properties: $(tail -3 "$WORK/cli.log")"
  log "WildFly system properties set: $*"
}

restore_properties() {
  local name commands=(batch)
  for name in "${!PREVIOUS[@]}"; do
    if [[ -n ${PREVIOUS[$name]} ]]; then
      commands+=("/system-property=$name:write-attribute(name=value,value=\"${PREVIOUS[$name]}\")")
    else
      commands+=("/system-property=$name:remove")
    fi
  done
  commands+=(run-batch)
  if cli --commands="$(IFS=,; echo "${commands[*]}")" >/dev/null 2>&1; then
    log "WildFly system properties given back"
  else
    log "WARNING: could not give WildFly its system properties back (${!PREVIOUS[*]})"
  fi
}

# ---------------------------------------------------------------- challtestsrv and pebble

wait_port() {
  local port=$1 pid=$2 what=$3 i
  for ((i = 0; i < 100; i++)); do
    ss -Hltn "sport = :$port" | grep -q . && return 0
    kill -0 "$pid" 2>/dev/null || die "$what ended at once: $(tail -5 "$WORK/${what}.log")"
    sleep 0.1
  done
  die "$what did not come up: $(tail -5 "$WORK/${what}.log")"
}

start_challtestsrv() {
  pebble-challtestsrv -dns01 "127.0.0.1:$DNS_PORT" -management "127.0.0.1:$CHALLTESTSRV_MANAGEMENT" \
    -defaultIPv4 127.0.0.1 -defaultIPv6 "" -http01 "" -https01 "" -tlsalpn01 "" \
    >"$WORK/challtestsrv.log" 2>&1 &
  CHALLTESTSRV_PID=$!
  wait_port "$CHALLTESTSRV_MANAGEMENT" "$CHALLTESTSRV_PID" challtestsrv
  log "challtestsrv up (pid $CHALLTESTSRV_PID), DNS on 127.0.0.1:$DNS_PORT"
}

start_pebble() {
  PEBBLE_KID=bench
  PEBBLE_HMAC=$(openssl rand 32 | base64 -w0 | tr '+/' '-_' | tr -d '=')
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -keyout "$WORK/pebble.key" -out "$WORK/pebble.pem" -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1 || die "could not make pebble's TLS certificate"
  jq -n --arg cert "$WORK/pebble.pem" --arg key "$WORK/pebble.key" --arg kid "$PEBBLE_KID" \
    --arg hmac "$PEBBLE_HMAC" --argjson http "$HTTP_PORT" --argjson tls "$TLS_PORT" \
    --arg listen "127.0.0.1:$PEBBLE_PORT" --arg management "127.0.0.1:$PEBBLE_MANAGEMENT" \
    '{pebble:{listenAddress:$listen, managementListenAddress:$management, certificate:$cert,
      privateKey:$key, httpPort:$http, tlsPort:$tls, ocspResponderURL:"",
      externalAccountBindingRequired:true, externalAccountMACKeys:{($kid):$hmac}}}' >"$WORK/pebble.json"
  PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
    pebble -config "$WORK/pebble.json" -dnsserver "127.0.0.1:$DNS_PORT" >"$WORK/pebble.log" 2>&1 &
  PEBBLE_PID=$!
  wait_port "$PEBBLE_PORT" "$PEBBLE_PID" pebble
  PEBBLE_DIRECTORY=https://127.0.0.1:$PEBBLE_PORT/dir
  PEBBLE_CA_KEY=$(curl -s --max-time 10 --cacert "$WORK/pebble.pem" \
    "https://127.0.0.1:$PEBBLE_MANAGEMENT/intermediates/0" |
    openssl x509 -noout -text 2>/dev/null | grep -E 'Public Key Algorithm|Public-Key' |
    sed -E 's/.*(Algorithm: |Public-Key: )//' | paste -sd ' ' || true)
  log "pebble up (pid $PEBBLE_PID), $PEBBLE_DIRECTORY, intermediate key: ${PEBBLE_CA_KEY:-unknown}"
}

# ---------------------------------------------------------------- measuring

declare -A R # R[name,field] from AcmeLoad's key=value line

# load NAME SERVER(pca|pebble) COUNT CONCURRENCY [DRIVER_WARM]
load() {
  local name=$1 server=$2 count=$3 concurrency=$4 warm=${5:-$DRIVER_WARM} line field
  local cmd=(timeout "$RUN_TIMEOUT" java -cp "$LOAD_CP" AcmeLoad)
  # Where the CPU of the timed flows went (BenchCpu): the server, PostgreSQL, the DNS server, the driver.
  local cpu="postgres=comm:postgres,dns=comm:pebble-challtes"
  if [[ $server == pca ]]; then
    export BENCH_CPU="server=cmd:-D[Standalone],$cpu"
    cmd+=("$PCA_DIRECTORY" "$PCA_KID" "$PCA_HMAC" "$name-$RAND" "$warm" "$count" "$concurrency" "$HTTP_PORT" "${PCA_TRUST[@]}")
  else
    export BENCH_CPU="server=comm:pebble,$cpu"
    cmd+=("$PEBBLE_DIRECTORY" "$PEBBLE_KID" "$PEBBLE_HMAC" "$name-$RAND" "$warm" "$count" "$concurrency" "$HTTP_PORT" "$WORK/pebble.pem")
  fi
  log "$name: $count flows, $concurrency client(s)"
  line=$("${cmd[@]}" 2>"$WORK/$name.err") || die "the load for $name failed: $(tail -5 "$WORK/$name.err")"
  for field in $line; do R[$name,${field%%=*}]=${field#*=}; done
  log "$name: ${R[$name,rate]} flows/s, ${R[$name,success]} issued, ${R[$name,failed]} failed, ${R[$name,requests]} requests, ${R[$name,bad_nonces]} bad nonces, p50 ${R[$name,p50_ms]} ms"
}

warm_batch() { load "$2" pca "$1" "$PARALLEL" 0; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

write_results() {
  local mode verdict scheme
  scheme=${PCA_DIRECTORY%%://*}
  {
    echo "# ACME: PCA vs pebble"
    echo
    echo "Made by \`system-tests/bench/acme.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), one run, both servers on this"
    echo "machine ($(nproc) cores), the load driver and challtestsrv on the same machine."
    echo
    echo "| run | server | clients | flows | seconds | flows/s | issued | failed | requests | bad nonces | p50 ms | p99 ms | CPU ms per flow: server, PostgreSQL, DNS, driver |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    for name in ours-seq pebble-seq ours-par pebble-par; do
      echo "| $name | ${name%-*} | ${R[$name,concurrency]} | ${R[$name,count]} | ${R[$name,seconds]} | **${R[$name,rate]}** | ${R[$name,success]} | ${R[$name,failed]} | ${R[$name,requests]} | ${R[$name,bad_nonces]} | ${R[$name,p50_ms]} | ${R[$name,p99_ms]} | ${R[$name,cpu_server_ms]}, ${R[$name,cpu_postgres_ms]}, ${R[$name,cpu_dns_ms]}, ${R[$name,cpu_driver_ms]} |"
    done
    echo
    echo "| mode | PCA / pebble (flows/s) |"
    echo "|---|---|"
    for mode in seq par; do
      echo "| $([[ $mode == seq ]] && echo sequential || echo "parallel ($PARALLEL clients)") | **$(ratio "${R[ours-$mode,rate]}" "${R[pebble-$mode,rate]}")x** |"
    done
    echo
    echo "## What was measured"
    echo
    echo "- **A flow** is what a client does for one certificate, the account being reused: newOrder for one fresh name"
    echo "  (\`RUN-i.bench.acme.test\`), POST-as-GET of the authorization, POST to its http-01 challenge, POST-as-GET of the"
    echo "  authorization until it is valid, finalize with a CSR made in advance (P-256, CN and dNSName the name), POST-as-GET"
    echo "  of the order until it is valid (skipped when finalize answers valid), POST-as-GET of the certificate, whose leaf"
    echo "  must name the name. Polls repeat every 5 ms, ignoring Retry-After, for both servers."
    echo "- **Same client**: \`system-tests/bench/AcmeLoad.java\`, a JWS client of its own (ES256 with Bouncy Castle's ECDSA, one"
    echo "  P-256 account key, external account binding at registration), over a blocking HTTP/1.1 keep-alive connection per"
    echo "  client (\`BenchHttp.java\`), so that the driver costs little next to either server. Each run's driver first does"
    echo "  $DRIVER_WARM untimed flows against the same server to warm its own JVM. It serves http-01 itself on 127.0.0.1:$HTTP_PORT,"
    echo "  where both servers validate (names resolve to 127.0.0.1 through pebble-challtestsrv on 127.0.0.1:$DNS_PORT for both)."
    echo "  A badNonce is retried with the fresh nonce, as RFC 8555 says; *requests* counts every HTTP request of the run."
    echo "- **PCA**: directory over $scheme ($PCA_DIRECTORY with the profile's name), $CA_KEY root and intermediate on the"
    echo "  SoftHSM2 token, CRL and OCSP off for the repository, account order limit lifted for the run"
    echo "  (\`pca.acme.orders-per-hour\`). First $WARMED flows with $PARALLEL clients warm its JVM (not counted:"
    echo "  batches of $WARM_BATCH until one was no faster than the one before, at least $WARM_COUNT)."
    echo "- **pebble** $(dpkg-query -W -f='${Version}' pebble 2>/dev/null): HTTPS with a self-signed certificate the driver trusts,"
    echo "  \`PEBBLE_VA_NOSLEEP=1\`, \`PEBBLE_WFE_NONCEREJECT=0\` (pebble otherwise rejects 5% of good nonces on purpose),"
    echo "  \`PEBBLE_AUTHZREUSE=0\`, external account binding required, its log to a file. Its intermediate: ${PEBBLE_CA_KEY:-unknown}."
    echo "  pebble keeps everything in memory and signs in-process; PCA commits each step to PostgreSQL and signs on the token."
    echo "- **Runs**: sequential ($SEQ_COUNT flows, 1 client) and parallel ($PAR_COUNT flows, $PARALLEL clients), each server in turn."
    echo "  Before them, $DB_SETTLED, so that the warm-up's own debt does not fall into a measured run."
    echo "- **CPU per flow** is read from /proc at the start and end of each timed run (\`BenchCpu.java\`): the server's"
    echo "  process, every PostgreSQL process (idle while pebble runs), pebble-challtestsrv and the driver itself. On $(nproc)"
    echo "  cores their sum bounds what a parallel run can reach."
    echo "- A *failed* flow is any flow that did not end with the certificate for its name."
    echo
    verdict="Every PCA flow ended with its certificate."
    if ((R[ours-seq,failed] + R[ours-par,failed] > 0)); then
      verdict="**PCA HAD FAILED FLOWS: this run does not pass** (first failures: \`${R[ours-par,first_failures]:-${R[ours-seq,first_failures]}}\`)."
    fi
    echo "$verdict pebble: ${R[pebble-seq,failed]} + ${R[pebble-par,failed]} failed flows (sequential + parallel)."
    echo
    echo "Versions: $(java -version 2>&1 | head -1 | tr -d '"'); pebble $(dpkg-query -W -f='${Version}' pebble 2>/dev/null);"
    echo "SoftHSM2 $(dpkg-query -W -f='${Version}' softhsm2 2>/dev/null); $(openssl version)."
  } >"$RESULTS"
  log "wrote $RESULTS"
}

main() {
  need_tools
  load_secrets PCA_KEYCLOAK_ADMIN_PASSWORD PCA_API_CLIENT_SECRET
  take_locks
  compile_load "$LOAD_SRC"
  make_kc_client acme-bench
  setup_pca
  start_challtestsrv
  set_properties "pca.acme.dns-resolver=127.0.0.1:$DNS_PORT" "pca.acme.http-port=$HTTP_PORT" \
    "pca.acme.tls-port=$TLS_PORT" "pca.acme.orders-per-hour=100000000"
  start_pebble
  warm_until_steady "$WARM_COUNT" "$WARM_MAX" "$WARM_BATCH"
  load pebble-warm pebble 100 "$PARALLEL" 0
  settle_db
  load ours-seq pca "$SEQ_COUNT" 1
  load pebble-seq pebble "$SEQ_COUNT" 1
  load ours-par pca "$PAR_COUNT" "$PARALLEL"
  load pebble-par pebble "$PAR_COUNT" "$PARALLEL"
  write_results
  if ((R[ours-seq,failed] + R[ours-par,failed] > 0)); then
    exit 3
  fi
}

main "$@"
