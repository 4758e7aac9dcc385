#!/usr/bin/env bash
# SCEP benchmark: PCA's SCEP endpoint against micromdm's scepserver (Debian package scep), enrolments
# per second with the same CA key type and the same client load, sequential and with parallel clients,
# in one run; duplicate serial numbers counted for both.
#
# Needs the PCA stack already started and its SCEP endpoint deployed (this script never starts,
# stops or redeploys it). It:
#   1. takes /tmp/pca-bench.lock and /tmp/pca-stack.lock, so that no build, redeploy or other
#      benchmark runs meanwhile;
#   2. makes a temporary Keycloak client holding pca-admin, and through PCA's REST API a repository,
#      an RSA-4096 root, an RSA-4096 intermediate, a device template and a SCEP profile with a
#      challenge (the repository is left behind: it cannot be deleted while it holds issuers);
#   3. makes an RSA-4096 CA with `scepserver ca -init` (scepserver's default key size) and runs
#      `scepserver` with the same kind of challenge in a network namespace that has only loopback,
#      as it binds every address;
#   4. compiles ScepLoad.java (Bouncy Castle from the local Maven repository), which fetches
#      GetCACert, makes the client keys and PKCSReq messages in advance (AES-256-CBC, SHA-256) and
#      then times only the PKIOperation POSTs; it opens every CertRep and counts successes,
#      failures and duplicate serials. The load for scepserver runs inside its namespace;
#   5. warms PCA's JVM, then measures sequential (1 client) and parallel (PARALLEL clients), each
#      in ROUNDS rounds that alternate the two servers, and writes system-tests/results/scep.md.
# Cleans up (scepserver by its PID, the namespace, the Keycloak client) on any exit.
# Exit status: 0 all runs valid; 1 a precondition or setup step failed; 3 results written but a run
# of PCA had failures or duplicates, which the results file says loudly.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RESULTS=$ROOT/system-tests/results/scep.md
SECRETS=$ROOT/.stack/secrets.env
LOAD_SRC=$HERE/ScepLoad.java

PCA=http://127.0.0.1:8080
API=$PCA/api/v2
KC=http://127.0.0.1:8180
NETNS=pca-scep-bench
SCEPSERVER_PORT=8090
CA_BITS=4096
PARALLEL=${PARALLEL:-4}
KEYS=${KEYS:-50}               # client keys made in advance; messages cycle through them
ROUNDS=${ROUNDS:-5}            # each mode alternates the servers this many times (lib.sh alternate)
SEQ_COUNT=${SEQ_COUNT:-200}    # enrolments of a sequential round
PAR_COUNT=${PAR_COUNT:-400}    # enrolments of a parallel round
# PCA's JIT warm-up, parallel, not counted: batches of WARM_BATCH until a batch is no faster than the
# one before (within 3%), at least WARM_COUNT and at most WARM_MAX enrolments (see warm_until_steady).
WARM_COUNT=${WARM_COUNT:-20000}
WARM_BATCH=${WARM_BATCH:-4000}
WARM_MAX=${WARM_MAX:-60000}
LOCK_WAIT=3600
RUN_TIMEOUT=900 # hard bound on one load run, in seconds

# shellcheck source=lib.sh
. "$HERE/lib.sh"
RAND=$(openssl rand -hex 4)
WORK=$(mktemp -d /tmp/pca-scep-bench.XXXXXX)
SCEPSERVER_PID=""
NETNS_MADE=0
KC_CLIENT_ID=""

cleanup() {
  local rc=$?
  set +e
  if [[ -n $SCEPSERVER_PID ]] && kill -0 "$SCEPSERVER_PID" 2>/dev/null; then
    kill "$SCEPSERVER_PID" && wait "$SCEPSERVER_PID" 2>/dev/null
    log "stopped scepserver (pid $SCEPSERVER_PID)"
  fi
  ((NETNS_MADE)) && ip netns del "$NETNS" && log "deleted network namespace $NETNS"
  [[ -n $KC_CLIENT_ID ]] && delete_kc_client "$KC_CLIENT_ID"
  rm -rf -- "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- preconditions

need_tools() {
  local missing=()
  for tool in curl jq openssl java javac ip timeout flock; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]}"
  ((EUID == 0)) || die "a network namespace needs root"
  if ! command -v scepserver >/dev/null; then
    log "installing scep (micromdm's scepserver)"
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y scep >/dev/null 2>&1 ||
      { timeout 600 apt-get update >/dev/null 2>&1 &&
        DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y scep >/dev/null 2>&1; } ||
      die "could not install scep"
  fi
  need_bc
}




# ---------------------------------------------------------------- PCA

setup_pca() {
  local admin operator template profile
  admin=$(client_token "$KC_CLIENT_ID" "$KC_CLIENT_SECRET") || die "no token for $KC_CLIENT_ID"
  REPO_ID=$(call POST "$API/repositories" "$admin" 201 "$(jq -nc --arg n "scep-bench-$RAND" \
    '{name:$n, crlEnabled:false, crlPeriodSeconds:86400, ocspEnabled:false, ocspValiditySeconds:3600}')" |
    jq -er .id) || die "could not create the repository"
  ROOT_ID=$(call POST "$API/repositories/$REPO_ID/issuers" "$admin" 201 "$(jq -nc --arg l "scep-root-$RAND" \
    --arg k "RSA_$CA_BITS" '{label:$l, subject:"CN=SCEP Bench Root", keySpec:$k, validityDays:3650, pathLength:1}')" |
    jq -er .id) || die "could not create the root"
  INT_ID=$(call POST "$API/issuers/$ROOT_ID/intermediates" "$admin" 201 "$(jq -nc --arg l "scep-int-$RAND" \
    --arg k "RSA_$CA_BITS" '{label:$l, subject:"CN=SCEP Bench Intermediate", keySpec:$k, validityDays:3000, pathLength:0}')" |
    jq -er .id) || die "could not create the intermediate"
  template='{"name":"scep-bench","spec":{"limits":{"maxValidity":"PT8760H","allowedKeys":[{"algorithm":"RSA","minBits":2048}],"dnsSuffixes":[],"dnsPatterns":[],"allowWildcardNames":false,"ipRanges":[],"emailDomains":[],"uriPrefixes":[],"maxSans":0,"cnMustBeSan":false,"csrSubjectFields":["CN"]},"settings":{"keyUsage":["DIGITAL_SIGNATURE","KEY_ENCIPHERMENT"],"extendedKeyUsage":["TLS_CLIENT"],"subjectDefaults":[],"signatureAlgorithm":null}}}'
  operator=$(client_token pca-api "$PCA_API_CLIENT_SECRET") || die "no token for pca-api"
  TEMPLATE_ID=$(call POST "$API/repositories/$REPO_ID/templates" "$operator" 201 "$template" | jq -er .id) ||
    die "could not create the template"
  PROFILE_NAME="scep-bench-$RAND"
  profile=$(call POST "$API/repositories/$REPO_ID/enrollment-profiles" "$admin" 201 "$(jq -nc \
    --arg n "$PROFILE_NAME" --arg i "$INT_ID" --arg t "$TEMPLATE_ID" \
    '{name:$n, protocol:"SCEP", issuerId:$i, templateId:$t, authentication:"CHALLENGE", manualApproval:false, allowDes:false}')") ||
    die "could not create the SCEP profile"
  PCA_CHALLENGE=$(jq -er .secret <<<"$profile") || die "the profile answer has no secret"
  PCA_URL=$PCA/scep/$PROFILE_NAME
  curl -s --max-time 10 "$PCA_URL?operation=GetCACaps" | grep -q '^SCEPStandard' ||
    die "$PCA_URL does not answer GetCACaps: is the SCEP endpoint deployed?"
  log "PCA: repository $REPO_ID, RSA-$CA_BITS root $ROOT_ID and intermediate $INT_ID, profile $PROFILE_NAME"
}

# ---------------------------------------------------------------- scepserver

start_scepserver() {
  SCEP_CHALLENGE=$(openssl rand -hex 16)
  (cd "$WORK" && scepserver ca -init -keySize "$CA_BITS" -depot depot >"$WORK/ca-init.log" 2>&1) ||
    die "scepserver ca -init failed: $(tail -3 "$WORK/ca-init.log")"
  openssl x509 -noout -text -in "$WORK/depot/ca.pem" | grep -q "Public-Key: ($CA_BITS bit)" ||
    die "scepserver's CA is not RSA-$CA_BITS"
  ip netns list | grep -qw "$NETNS" && die "network namespace $NETNS exists already (another run?)"
  ip netns add "$NETNS" && NETNS_MADE=1
  ip netns exec "$NETNS" ip link set lo up
  (cd "$WORK" && exec ip netns exec "$NETNS" scepserver -depot depot -port "$SCEPSERVER_PORT" \
    -challenge "$SCEP_CHALLENGE" >>"$WORK/scepserver.log" 2>&1) &
  SCEPSERVER_PID=$!
  SCEP_URL=http://127.0.0.1:$SCEPSERVER_PORT/scep
  local i
  for ((i = 0; i < 100; i++)); do
    if ip netns exec "$NETNS" curl -s --max-time 2 "$SCEP_URL?operation=GetCACaps" >/dev/null; then
      log "scepserver up in namespace $NETNS (pid $SCEPSERVER_PID), RSA-$CA_BITS CA"
      return 0
    fi
    sleep 0.1
  done
  die "scepserver did not come up: $(tail -5 "$WORK/scepserver.log")"
}

# ---------------------------------------------------------------- measuring

declare -A R # R[name,field] from ScepLoad's key=value line

# load NAME SERVER(pca|scepserver) COUNT CONCURRENCY
load() {
  local name=$1 server=$2 count=$3 concurrency=$4 line field
  local cmd=(timeout "$RUN_TIMEOUT" java -cp "$LOAD_CP" ScepLoad)
  # Where the CPU of the timed enrolments went (BenchCpu): the server, PostgreSQL, the driver.
  if [[ $server == pca ]]; then
    export BENCH_CPU="server=cmd:-D[Standalone],postgres=comm:postgres"
    cmd+=("$PCA_URL" "$PCA_CHALLENGE")
  else
    export BENCH_CPU="server=comm:scepserver,postgres=comm:postgres"
    cmd=(ip netns exec "$NETNS" "${cmd[@]}" "$SCEP_URL" "$SCEP_CHALLENGE")
  fi
  log "$name: $count enrolments, $concurrency client(s)"
  line=$("${cmd[@]}" "$name-$RAND" "$count" "$concurrency" "$KEYS" 2>"$WORK/$name.err") ||
    die "the load for $name failed: $(tail -5 "$WORK/$name.err")"
  for field in $line; do R[$name,${field%%=*}]=${field#*=}; done
  log "$name: ${R[$name,rate]}/s, ${R[$name,success]} issued, ${R[$name,failed]} failed, ${R[$name,duplicates]} duplicate serials, p50 ${R[$name,p50_ms]} ms"
}

warm_batch() { load "$2" pca "$1" "$PARALLEL"; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

write_results() {
  local mode ours theirs verdict
  {
    echo "# SCEP enrolment: PCA vs micromdm's scepserver"
    echo
    echo "Made by \`system-tests/bench/scep.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), one run, both servers on this"
    echo "machine ($(nproc) cores), the load driver on the same machine."
    echo
    echo "| run | server | clients | enrolments | seconds | enrolments/s | issued | failed | duplicate serials | p50 ms | p99 ms | CPU ms per enrolment: server, PostgreSQL, driver |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    for name in ours-seq scepserver-seq ours-par scepserver-par; do
      echo "| $name | ${name%-*} | ${R[$name,concurrency]} | ${R[$name,count]} | ${R[$name,seconds]} | **${R[$name,rate]}** | ${R[$name,success]} | ${R[$name,failed]} | ${R[$name,duplicates]} | ${R[$name,p50_ms]} | ${R[$name,p99_ms]} | ${R[$name,cpu_server_ms]}, ${R[$name,cpu_postgres_ms]}, ${R[$name,cpu_driver_ms]} |"
    done
    echo
    echo "| mode | PCA / scepserver (enrolments/s) | each round's enrolments/s: PCA; scepserver |"
    echo "|---|---|---|"
    for mode in seq par; do
      echo "| $([[ $mode == seq ]] && echo sequential || echo "parallel ($PARALLEL clients)") | **$(ratio "${R[ours-$mode,rate]}" "${R[scepserver-$mode,rate]}")x** | ${R[ours-$mode,rounds]}; ${R[scepserver-$mode,rounds]} |"
    done
    echo
    if awk -v a="$(ratio "${R[ours-seq,rate]}" "${R[scepserver-seq,rate]}")" \
      -v b="$(ratio "${R[ours-par,rate]}" "${R[scepserver-par,rate]}")" 'BEGIN{exit !(a >= 2 && b >= 2)}'; then
      echo "Target (at least 2x scepserver in both modes, no duplicate serial): **met**."
    else
      echo "Target (at least 2x scepserver in both modes, no duplicate serial): **NOT met** by the rates."
    fi
    echo
    echo "## What was measured"
    echo
    echo "- **Same CA key type**: RSA-$CA_BITS on both sides, scepserver's default (\`scepserver ca -init -keySize $CA_BITS\`)."
    echo "  PCA's intermediate signs with its key on the SoftHSM2 token; PCA's RA (RSA-2048, on the token too) decrypts the"
    echo "  request's content key and signs the CertRep, where scepserver uses its CA key for all three."
    echo "- **Same client load**: \`system-tests/bench/ScepLoad.java\` fetches GetCACert, makes $KEYS RSA-2048 client keys and every"
    echo "  PKCSReq in advance (challenge in the CSR, AES-256-CBC, SHA-256, a fresh transactionID each), then times only the"
    echo "  PKIOperation POSTs (HTTP/1.1, one blocking keep-alive connection per client, \`BenchHttp.java\`). Afterwards it verifies every CertRep's signature, opens"
    echo "  its envelope with the client key, checks the certificate carries that key, and counts duplicate serial numbers."
    echo "- **Runs**: PCA first gets $WARMED enrolments with $PARALLEL clients to warm its JVM (not counted: batches of"
    echo "  $WARM_BATCH until one was no faster than the one before, at least $WARM_COUNT); then"
    echo "  $DB_SETTLED, so that the warm-up's own debt does not fall into a measured run."
    echo "  Then sequential (1 client) and parallel ($PARALLEL clients), each in $ROUNDS rounds that alternate the servers"
    echo "  ($SEQ_COUNT and $PAR_COUNT enrolments a round): this machine's speed drifts within minutes, and alternating lets the"
    echo "  drift fall on both servers alike. A mode's rate is all its enrolments over all its seconds; p50, p99 and"
    echo "  duplicate serials are over all its enrolments."
    echo "- **scepserver** binds every address, so it runs in network namespace \`$NETNS\` with only loopback, and its load"
    echo "  runs inside that namespace (\`ip netns exec\`)."
    echo "- **CPU per enrolment** is read from /proc at the start and end of each timed run (\`BenchCpu.java\`): the"
    echo "  server's process, every PostgreSQL process (idle while scepserver runs) and the driver itself. On $(nproc) cores"
    echo "  their sum bounds what a parallel run can reach."
    echo "- A *failed* enrolment is any answer that is not a verified SUCCESS CertRep with the client's certificate."
    echo
    verdict="PCA issued no duplicate serial number and every enrolment succeeded."
    if ((R[ours-seq,duplicates] + R[ours-par,duplicates] + R[ours-seq,failed] + R[ours-par,failed] > 0)); then
      verdict="**PCA HAD FAILURES OR DUPLICATES: this run does not pass.**"
    fi
    echo "$verdict scepserver: ${R[scepserver-seq,duplicates]} + ${R[scepserver-par,duplicates]} duplicate serials,"
    echo "${R[scepserver-seq,failed]} + ${R[scepserver-par,failed]} failed enrolments (sequential + parallel; first failures:"
    echo "\`${R[scepserver-par,first_failures]:-none}\`)."
    echo
    echo "Versions: $(java -version 2>&1 | head -1 | tr -d '"'); scep $(dpkg-query -W -f='${Version}' scep 2>/dev/null);"
    echo "SoftHSM2 $(dpkg-query -W -f='${Version}' softhsm2 2>/dev/null); $(openssl version)."
  } >"$RESULTS"
  log "wrote $RESULTS"
}

main() {
  need_tools
  load_secrets PCA_KEYCLOAK_ADMIN_PASSWORD PCA_API_CLIENT_SECRET
  take_locks
  compile_load "$LOAD_SRC"
  make_kc_client scep-bench
  setup_pca
  start_scepserver
  warm_until_steady "$WARM_COUNT" "$WARM_MAX" "$WARM_BATCH"
  load scepserver-warm scepserver 50 1
  settle_db
  alternate seq "$ROUNDS" "$SEQ_COUNT" 1 ours:pca scepserver:scepserver
  alternate par "$ROUNDS" "$PAR_COUNT" "$PARALLEL" ours:pca scepserver:scepserver
  write_results
  if ((R[ours-seq,duplicates] + R[ours-par,duplicates] + R[ours-seq,failed] + R[ours-par,failed] > 0)); then
    exit 3
  fi
}

main "$@"
