# Classifies the request threads ("default task-*") of `jcmd <pid> Thread.print` dumps.
# Prints one "category" line per busy request thread; idle pool threads are left out.
function flush(   i, all, cat, io) {
  if (tname ~ /^default task/ && n > 0) {
    all = ""
    for (i = 0; i < n; i++) all = all " " f[i]
    io = (f[0] ~ /Net\.poll|socketRead|SocketDispatcher\.read|NioSocketImpl\.park|SocketInputStream/)
    if (all !~ /dev\.pca\.|resteasy|elytron|yasson/ && f[0] ~ /park|wait/) cat = ""
    else if (io && all ~ /AuditLogBean\.append/) cat = "waiting for PostgreSQL in AuditLogBean.append (audit_head row lock)"
    else if (io && all ~ /org\.postgresql/) cat = "waiting for PostgreSQL (other statements)"
    else if (all ~ /yasson/) cat = "JSON-B (Yasson) binding"
    else if (all ~ /sun\.security\.pkcs11/) cat = "PKCS#11 (SunPKCS11/SoftHSM2)"
    else if (all ~ /org\.postgresql|org\.hibernate|jboss\.jca/) cat = "Hibernate/JDBC/JCA on CPU"
    else if (all ~ /oidc|jose4j|jwt/) cat = "OIDC bearer token check"
    else if (f[0] ~ /park|wait/ || state != "RUNNABLE") cat = "blocked/waiting in the JVM (" f[0] ")"
    else cat = "other on CPU"
    if (cat != "") print cat
  }
  tname = ""; n = 0; state = ""
}
/^"/ { flush(); split($0, a, "\""); tname = a[2]; next }
/java\.lang\.Thread\.State:/ { state = $2; next }
/^[ \t]+at / { fr = $2; sub(/\(.*/, "", fr); f[n++] = fr; next }
END { flush() }
