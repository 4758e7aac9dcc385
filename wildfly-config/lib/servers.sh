# Provisioning, start and stop of WildFly and Keycloak. Each server runs from its own copy under
# $STACK, made from the dists that Maven unpacked into wildfly-config/target.

DIST=$CONFIG_DIR/target
KEYCLOAK_URL=http://127.0.0.1:8180
CONSOLE_URL=http://127.0.0.1:8080/console/

# Copies the WildFly dist to $1 and configures it offline for database $2; done again only when
# the configuration inputs change.
provision_wildfly() {
  local dir=$1 db=$2
  local url=${PCA_DB_URL%/*}/$db
  remember PCA_CREDENTIAL_STORE_PASSWORD "$(new_secret)"
  remember PCA_OIDC_CLIENT_SECRET "$(new_secret 32)"
  export PCA_OIDC_URL=${PCA_OIDC_URL:-$KEYCLOAK_URL/realms/pca}
  local hash
  hash=$(cat "$CONFIG_DIR"/cli/*.cli "$CONFIG_DIR"/lib/servers.sh "$ROOT/pom.xml" \
    $(find "$CONFIG_DIR/modules" "$CONFIG_DIR/src/main" -type f | sort) \
    <(echo "$url $PCA_DB_USER $PCA_DB_PASSWORD $PCA_PKCS11_LIBRARY $PCA_PKCS11_SLOT $PCA_TOKEN_PIN") \
    <(echo "$PCA_OIDC_URL $PCA_OIDC_CLIENT_SECRET $PCA_CREDENTIAL_STORE_PASSWORD") | sha256sum | cut -c1-16)
  [ "$(cat "$dir/.pca-config" 2>/dev/null)" = "$hash" ] && return 0
  step "configuring WildFly in ${dir#"$ROOT"/}"
  rm -rf "$dir"
  cp -a "$DIST/wildfly" "$dir"
  local conf=$dir/standalone/configuration
  chmod 700 "$conf"
  write_pkcs11_config "$conf/pkcs11.cfg"
  mkdir -p "$dir/modules/org/postgresql/main"
  cp "$DIST"/postgresql.jar "$dir/modules/org/postgresql/main/"
  cp "$CONFIG_DIR/modules/org/postgresql/main/module.xml" "$dir/modules/org/postgresql/main/"
  install_tls_module "$dir"
  # The distribution's 512 MiB heap is for trying WildFly out, not for signing under load.
  {
    echo 'JAVA_OPTS="$JAVA_OPTS ${PCA_WILDFLY_HEAP:--Xms512m -Xmx2g}"'
    echo 'JAVA_OPTS="$JAVA_OPTS --add-exports=jdk.crypto.cryptoki/sun.security.pkcs11=ALL-UNNAMED"'
  } >>"$dir/bin/standalone.conf"
  local store=$conf/pca.cs entry variable tls_password
  tls_password=$(new_secret)
  make_tls_key_store "$conf/pca-tls.p12" "$tls_password" "$dir/tls-server.pem"
  for entry in token-pin:PCA_TOKEN_PIN db-password:PCA_DB_PASSWORD tls-store-password:tls_password; do
    variable=${entry#*:}
    "$dir/bin/elytron-tool.sh" credential-store --create --location "$store" \
      --password "$PCA_CREDENTIAL_STORE_PASSWORD" --add "${entry%%:*}" --secret "${!variable}" >/dev/null \
      || die "elytron-tool could not write the credential store"
  done
  local props=$dir/.cli.properties
  (
    umask 077
    cat >"$props" <<EOF
pca.db.url=$url
pca.db.user=$PCA_DB_USER
pca.credential-store.password=$PCA_CREDENTIAL_STORE_PASSWORD
pca.oidc.url=$PCA_OIDC_URL
pca.oidc.secret=$PCA_OIDC_CLIENT_SECRET
EOF
  )
  JAVA_OPTS="--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11=ALL-UNNAMED" \
    "$dir/bin/jboss-cli.sh" --resolve-parameter-values --file="$CONFIG_DIR/cli/configure.cli" --properties="$props" \
    >"$STACK/logs/configure-$(basename "$dir").log" 2>&1 \
    || die "jboss-cli could not configure WildFly; see $STACK/logs/configure-$(basename "$dir").log"
  rm -f "$props"
  echo "$hash" >"$dir/.pca-config"
}

# The trust manager of the https listener (module dev.pca.tls), built by wildfly-config's pom.
install_tls_module() {
  local jar module=$1/modules/dev/pca/tls/main
  jar=$(ls "$DIST"/pca-wildfly-config-*-tls.jar 2>/dev/null | head -n 1)
  [ -n "$jar" ] || die "the TLS module is not built: run mvn install in wildfly-config"
  mkdir -p "$module"
  cp "$CONFIG_DIR/modules/dev/pca/tls/main/module.xml" "$module/"
  cp "$jar" "$module/pca-tls.jar"
}

# The server's TLS key, P-256, with a self-signed certificate for the loopback names; the
# certificate goes to $3 as PEM, for clients to pin. A real installation replaces the key store.
make_tls_key_store() {
  local store=$1 password=$2 pem=$3
  rm -f "$store"
  keytool -genkeypair -alias server -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
    -dname CN=localhost -ext san=dns:localhost,ip:127.0.0.1 -ext eku=serverAuth -ext ku=digitalSignature \
    -validity 825 -storetype PKCS12 -keystore "$store" -storepass "$password" >/dev/null 2>&1 \
    || die "keytool could not make the TLS key store"
  keytool -exportcert -rfc -alias server -keystore "$store" -storepass "$password" >"$pem" 2>/dev/null \
    || die "keytool could not export the TLS certificate"
}

# The SunPKCS11 configuration: keys generated through the provider, or imported into it, are token
# objects that are private, sensitive and never extractable.
write_pkcs11_config() {
  cat >"$1" <<EOF
name = pca
library = $PCA_PKCS11_LIBRARY
slot = $PCA_PKCS11_SLOT
attributes(generate, CKO_PRIVATE_KEY, *) = {
  CKA_TOKEN = true
  CKA_PRIVATE = true
  CKA_SENSITIVE = true
  CKA_EXTRACTABLE = false
}
attributes(import, CKO_PRIVATE_KEY, *) = {
  CKA_TOKEN = true
  CKA_PRIVATE = true
  CKA_SENSITIVE = true
  CKA_EXTRACTABLE = false
}
EOF
}

deploy_applications() {
  local deployments=$1/standalone/deployments
  rm -f "$deployments"/*.ear* "$deployments"/*.war*
  cp "$ROOT"/ear/target/pca.ear "$ROOT"/ocsp-war/target/pca-ocsp.war "$deployments/"
}

start_wildfly() {
  if pid_alive "$STACK/run/wildfly.pid"; then
    info "WildFly already runs (pid $(cat "$STACK/run/wildfly.pid"))"
    return 0
  fi
  step "starting WildFly"
  (
    cd "$1"
    export JBOSS_PIDFILE=$STACK/run/wildfly.pid LAUNCH_JBOSS_IN_BACKGROUND=1
    nohup bin/standalone.sh -c standalone.xml >"$STACK/logs/wildfly.out" 2>&1 &
  )
  wait_for 30 test -s "$STACK/run/wildfly.pid" || die "WildFly did not start; see $STACK/logs/wildfly.out"
}

# Waits for both deployments; a failed one stops the stack and shows why.
wait_wildfly() {
  local deployments=$1/standalone/deployments deadline=$((SECONDS + 300)) name
  for name in pca.ear pca-ocsp.war; do
    until [ -f "$deployments/$name.deployed" ]; do
      if [ -f "$deployments/$name.failed" ] || ! pid_alive "$STACK/run/wildfly.pid" || [ $SECONDS -ge $deadline ]; then
        printf '\npca: %s did not deploy. The cause, from the server:\n' "$name" >&2
        grep -h -o 'PCA-[A-Z]*: [^"]*' "$deployments/$name.failed" "$1/standalone/log/server.log" 2>/dev/null \
          | sort -u | head -n 5 >&2 || true
        tail -c 600 "$deployments/$name.failed" 2>/dev/null >&2 || true
        printf '\n(full log: %s)\n' "$1/standalone/log/server.log" >&2
        cmd_stop >/dev/null 2>&1 || true
        exit 1
      fi
      sleep 1
    done
  done
}

keycloak_managed() { [ "$PCA_OIDC_URL" = "$KEYCLOAK_URL/realms/pca" ]; }

start_keycloak() {
  keycloak_managed || return 0
  if pid_alive "$STACK/run/keycloak.pid"; then
    info "Keycloak already runs (pid $(cat "$STACK/run/keycloak.pid"))"
    return 0
  fi
  local home=$STACK/keycloak
  remember PCA_KEYCLOAK_DB_PASSWORD "$(new_secret)"
  remember PCA_KEYCLOAK_ADMIN_PASSWORD "$(new_secret 16)"
  remember PCA_API_CLIENT_SECRET "$(new_secret 32)"
  local user
  for user in ADMIN OPERATOR AUDITOR; do remember "PCA_${user}_PASSWORD" "$(new_secret 12)"; done
  start_local_postgres
  if [ ! -f "$home/.built" ]; then
    step "preparing Keycloak (first start builds it, about a minute)"
    rm -rf "$home"
    cp -a "$DIST/keycloak" "$home"
    as_postgres -c "drop database if exists keycloak" >/dev/null
    ensure_database keycloak keycloak "$PCA_KEYCLOAK_DB_PASSWORD"
    "$home/bin/kc.sh" build --db=postgres --health-enabled=true >"$STACK/logs/keycloak-build.log" 2>&1 \
      || die "Keycloak's build step failed; see $STACK/logs/keycloak-build.log"
    touch "$home/.built"
  fi
  mkdir -p "$home/data/import"
  (
    umask 077
    sed -e "s/@CONSOLE_SECRET@/$PCA_OIDC_CLIENT_SECRET/" -e "s/@API_SECRET@/$PCA_API_CLIENT_SECRET/" \
      -e "s/@ADMIN_PASSWORD@/$PCA_ADMIN_PASSWORD/" -e "s/@OPERATOR_PASSWORD@/$PCA_OPERATOR_PASSWORD/" \
      -e "s/@AUDITOR_PASSWORD@/$PCA_AUDITOR_PASSWORD/" \
      "$CONFIG_DIR/keycloak/pca-realm.json" >"$home/data/import/pca-realm.json"
  )
  step "starting Keycloak"
  (
    export KC_DB_URL=jdbc:postgresql://127.0.0.1:5432/keycloak KC_DB_USERNAME=keycloak \
      KC_DB_PASSWORD=$PCA_KEYCLOAK_DB_PASSWORD KC_BOOTSTRAP_ADMIN_USERNAME=admin \
      KC_BOOTSTRAP_ADMIN_PASSWORD=$PCA_KEYCLOAK_ADMIN_PASSWORD
    nohup "$home/bin/kc.sh" start --optimized --http-enabled=true --http-host=127.0.0.1 --http-port=8180 \
      --hostname=$KEYCLOAK_URL --http-management-port=8190 --import-realm \
      >"$STACK/logs/keycloak.log" 2>&1 &
    echo $! >"$STACK/run/keycloak.pid"
  )
}

keycloak_ready() { curl -sf http://127.0.0.1:8190/health/ready; }

wait_keycloak() {
  keycloak_managed || return 0
  wait_for 240 keycloak_ready || {
    tail -n 20 "$STACK/logs/keycloak.log" >&2
    cmd_stop >/dev/null 2>&1 || true
    die "Keycloak did not become ready; see $STACK/logs/keycloak.log"
  }
  # The realm import runs once; later starts take the stored realm, so quick-start passwords stay.
  rm -f "$STACK/keycloak/data/import/pca-realm.json"
}

cmd_stop() {
  STACK=${STACK:?}
  stop_pid "$STACK/run/wildfly.pid" WildFly
  stop_pid "$STACK/run/keycloak.pid" Keycloak
  if [ -f "$STACK/run/postgres.started" ]; then
    info "stopping PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(cat "$STACK/run/postgres.started")" main stop || true
    rm -f "$STACK/run/postgres.started"
  fi
}

cmd_status() {
  local name
  for name in wildfly keycloak; do
    if pid_alive "$STACK/run/$name.pid"; then echo "$name: running (pid $(cat "$STACK/run/$name.pid"))"; else echo "$name: stopped"; fi
  done
}

print_welcome() {
  cat <<EOF

The private CA is up, on loopback only.

  Console   $CONSOLE_URL
  REST      http://127.0.0.1:8080/api/v2/   (OpenAPI: http://127.0.0.1:8080/openapi)
  EST       https://127.0.0.1:8443/.well-known/est/<profile>/simpleenroll
            (TLS certificate to pin: ${STACK#"$ROOT"/}/wildfly/tls-server.pem)
  OCSP/CRL  http://127.0.0.1:8080/pki/ocsp
EOF
  if keycloak_managed; then
    cat <<EOF
  Keycloak  $KEYCLOAK_URL/admin/   (admin / $PCA_KEYCLOAK_ADMIN_PASSWORD)

Quick-start logins (generated at first start, kept in ${SECRETS_FILE#"$ROOT"/}):
  admin     / $PCA_ADMIN_PASSWORD      role pca-admin
  operator  / $PCA_OPERATOR_PASSWORD      role pca-operator
  auditor   / $PCA_AUDITOR_PASSWORD      role pca-auditor
  API client pca-api / $PCA_API_CLIENT_SECRET   (client credentials, role pca-operator)

Stop everything with: wildfly-config/bin/pca stop
EOF
  fi
}
