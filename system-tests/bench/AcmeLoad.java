import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * ACME load for the benchmark, the same for every server: one account (external account binding
 * when a key id is given), then COUNT whole flows by CONCURRENCY clients, each flow for a fresh
 * name RUN-i.bench.acme.test: newOrder, the authorization, the http-01 challenge answered by this
 * process's own HTTP server on 127.0.0.1:HTTP_PORT, polling the authorization until valid, finalize
 * with a CSR made in advance (P-256, CN and dNSName the name), polling the order until valid, and
 * the certificate download, whose leaf must carry the name. Only the flows are timed, after WARM
 * untimed flows that warm the driver's own JVM. A JWS client of its own (ES256 with Bouncy Castle,
 * flattened JSON) over {@link BenchHttp}, so that the client costs little next to the server: the
 * JDK's HttpClient and ECDSA cost it more CPU per flow than pebble spent.
 *
 * <p>java -cp BC:classes AcmeLoad DIRECTORY KID|- HMAC|- RUN WARM COUNT CONCURRENCY HTTP_PORT
 * [TRUST_PEM]; prints one line of key=value pairs.
 */
public final class AcmeLoad {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(60);
  private static final long POLL_MILLIS = 5;

  private static SSLContext tls;
  private static URI server;
  private static Map<String, Object> directory;
  private static KeyPair accountKey;
  private static ECPrivateKeyParameters signingKey;
  private static String jwk;
  private static String thumbprint;
  private static String kid;
  private static final Map<String, String> ANSWERS = new ConcurrentHashMap<>();
  private static final AtomicInteger REQUESTS = new AtomicInteger();
  private static final AtomicInteger BAD_NONCES = new AtomicInteger();
  private static final AtomicInteger RATE_LIMITED = new AtomicInteger();

  /** What one run of flows gave. */
  private record Run(BenchRun.Timed timed, int success, List<String> failures) {}

  public static void main(String[] args) throws Exception {
    String directoryUrl = args[0];
    String keyId = args[1];
    String hmacKey = args[2];
    String run = args[3];
    int warm = Integer.parseInt(args[4]);
    int count = Integer.parseInt(args[5]);
    int concurrency = Integer.parseInt(args[6]);
    int httpPort = Integer.parseInt(args[7]);
    String trust = args.length > 8 ? args[8] : null;

    tls = tls(trust);
    server = URI.create(directoryUrl);
    accountKey = ecKeys();
    signingKey =
        (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(accountKey.getPrivate());
    jwk = jwk(accountKey);
    thumbprint = B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes(jwk)));
    HttpServer responder = responder(httpPort);
    try (Client registrar = new Client()) {
      directory = object(registrar.http.get(server).text());
      kid = newAccount(registrar, keyId.equals("-") ? null : keyId, hmacKey);

      // The driver's own JIT warm-up, untimed, so that a run measures the server, not a cold
      // client.
      if (warm > 0) {
        flows(run + "-warm", warm, concurrency, null);
        REQUESTS.set(0);
        BAD_NONCES.set(0);
        RATE_LIMITED.set(0);
      }
      Run measured = flows(run, count, concurrency, BenchCpu.fromEnvironment());
      BenchRun.Timed timed = measured.timed();
      System.out.printf(
          "count=%d concurrency=%d seconds=%.3f rate=%.2f success=%d failed=%d requests=%d"
              + " bad_nonces=%d rate_limited=%d p50_ms=%.1f p99_ms=%.1f%s first_failures=%s%n",
          count,
          concurrency,
          timed.seconds(),
          timed.rate(),
          measured.success(),
          count - measured.success(),
          REQUESTS.get(),
          BAD_NONCES.get(),
          RATE_LIMITED.get(),
          timed.millis(0.5),
          timed.millis(0.99),
          timed.cpu(),
          String.join("|", measured.failures()).replaceAll("\\s+", "_"));
    } finally {
      responder.stop(0);
    }
  }

  /**
   * COUNT flows for names RUN-i.bench.acme.test by CONCURRENCY clients; only the flows timed, and
   * their CPU counted when CPU is given.
   */
  private static Run flows(String run, int count, int concurrency, BenchCpu cpu) throws Exception {
    List<String> names =
        IntStream.range(0, count).mapToObj(i -> run + "-" + i + ".bench.acme.test").toList();
    List<byte[]> csrs = names.parallelStream().map(AcmeLoad::csr).toList();

    boolean[] ok = new boolean[count];
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    BenchRun.Timed timed =
        BenchRun.run(
            count,
            concurrency,
            cpu,
            Client::new,
            (client, i) -> {
              try {
                flow(client, names.get(i), csrs.get(i));
                ok[i] = true;
              } catch (Exception e) {
                if (failures.size() < 3) {
                  failures.add(String.valueOf(e.getMessage()));
                }
              }
            });
    int success = 0;
    for (boolean done : ok) {
      success += done ? 1 : 0;
    }
    return new Run(timed, success, failures);
  }

  // ---------------------------------------------------------------- one flow

  private static void flow(Client client, String name, byte[] csr) throws Exception {
    long deadline = System.nanoTime() + FLOW_TIMEOUT.toNanos();
    Answer order =
        client.post(
            url("newOrder"),
            "{\"identifiers\":[{\"type\":\"dns\",\"value\":\"" + name + "\"}]}",
            201);
    String orderUrl = order.location;
    Map<String, Object> orderBody = object(order.body);
    String authorizationUrl = (String) ((List<?>) orderBody.get("authorizations")).get(0);
    String finalizeUrl = (String) orderBody.get("finalize");

    Map<String, Object> authorization = object(client.post(authorizationUrl, null, 200).body);
    Map<String, Object> challenge =
        ((List<?>) authorization.get("challenges"))
            .stream()
                .map(AcmeLoad::asObject)
                .filter(c -> "http-01".equals(c.get("type")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no http-01 challenge for " + name));
    String token = (String) challenge.get("token");
    ANSWERS.put(token, token + "." + thumbprint);
    try {
      client.post((String) challenge.get("url"), "{}", 200);
      poll(client, authorizationUrl, "valid", deadline);
    } finally {
      ANSWERS.remove(token);
    }

    String csrText = "{\"csr\":\"" + B64.encodeToString(csr) + "\"}";
    Map<String, Object> finalized = object(client.post(finalizeUrl, csrText, 200).body);
    if (!"valid".equals(finalized.get("status"))) {
      finalized = poll(client, orderUrl, "valid", deadline);
    }
    String certificateUrl = (String) finalized.get("certificate");
    Answer chain = client.post(certificateUrl, null, 200);
    X509Certificate leaf =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(bytes(chain.body)));
    boolean named =
        leaf.getSubjectAlternativeNames() != null
            && leaf.getSubjectAlternativeNames().stream().anyMatch(san -> name.equals(san.get(1)));
    if (!named) {
      throw new IllegalStateException("the certificate for " + name + " does not name it");
    }
  }

  /** POST-as-GET until the status is {@code wanted}; fails on invalid or after the deadline. */
  private static Map<String, Object> poll(Client client, String url, String wanted, long deadline)
      throws Exception {
    while (true) {
      Map<String, Object> body = object(client.post(url, null, 200).body);
      Object status = body.get("status");
      if (wanted.equals(status)) {
        return body;
      }
      if ("invalid".equals(status)) {
        throw new IllegalStateException("invalid: " + body);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("still " + status + " after " + FLOW_TIMEOUT);
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  // ---------------------------------------------------------------- the account

  private static String newAccount(Client client, String keyId, String hmacKey) throws Exception {
    String url = url("newAccount");
    StringBuilder payload = new StringBuilder("{\"termsOfServiceAgreed\":true");
    if (keyId != null) {
      String protectedPart =
          encode("{\"alg\":\"HS256\",\"kid\":\"" + keyId + "\",\"url\":\"" + url + "\"}");
      String payloadPart = encode(jwk);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getUrlDecoder().decode(hmacKey), "HmacSHA256"));
      String tag = B64.encodeToString(mac.doFinal(bytes(protectedPart + "." + payloadPart)));
      payload
          .append(",\"externalAccountBinding\":{\"protected\":\"")
          .append(protectedPart)
          .append("\",\"payload\":\"")
          .append(payloadPart)
          .append("\",\"signature\":\"")
          .append(tag)
          .append("\"}");
    }
    payload.append('}');
    Answer answer = client.send(url, payload.toString(), true);
    if (answer.status != 201 && answer.status != 200) {
      throw new IllegalStateException("newAccount answered " + answer.status + ": " + answer.body);
    }
    return answer.location;
  }

  // ---------------------------------------------------------------- JWS and HTTP

  private record Answer(int status, String location, String body) {}

  /**
   * One client: its own connection and nonce, the shared account. ES256 with Bouncy Castle's own
   * ECDSA (deterministic k, RFC 6979), some ten times cheaper than the JDK's here.
   */
  private static final class Client implements AutoCloseable {
    private final BenchHttp http = new BenchHttp(server, tls);
    private final ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    private String nonce;

    Client() {
      signer.init(true, signingKey);
    }

    Answer post(String url, String payload, int expected) throws Exception {
      Answer answer = send(url, payload, false);
      if (answer.status != expected) {
        throw new IllegalStateException(
            "POST " + url + " answered " + answer.status + ": " + answer.body);
      }
      return answer;
    }

    /** A JWS POST; one retry on badNonce with the fresh nonce, as RFC 8555 section 6.5 says. */
    Answer send(String url, String payload, boolean withJwk) throws Exception {
      for (int attempt = 0; ; attempt++) {
        if (nonce == null) {
          nonce = newNonce();
        }
        String header =
            "{\"alg\":\"ES256\","
                + (withJwk ? "\"jwk\":" + jwk : "\"kid\":\"" + kid + "\"")
                + ",\"nonce\":\""
                + nonce
                + "\",\"url\":\""
                + url
                + "\"}";
        String protectedPart = encode(header);
        String payloadPart = payload == null ? "" : encode(payload);
        String body =
            "{\"protected\":\""
                + protectedPart
                + "\",\"payload\":\""
                + payloadPart
                + "\",\"signature\":\""
                + B64.encodeToString(es256(bytes(protectedPart + "." + payloadPart)))
                + "\"}";
        REQUESTS.incrementAndGet();
        BenchHttp.Response response =
            http.post(URI.create(url), "application/jose+json", bytes(body));
        nonce = response.header("Replay-Nonce");
        String text = response.text();
        if (response.status() == 400 && text.contains("error:badNonce") && attempt < 3) {
          BAD_NONCES.incrementAndGet();
          continue;
        }
        if (text.contains("error:rateLimited")) {
          RATE_LIMITED.incrementAndGet();
        }
        return new Answer(response.status(), response.header("Location"), text);
      }
    }

    /** The JWS signature: r and s, 32 octets each (RFC 7518 section 3.4). */
    private byte[] es256(byte[] input) throws Exception {
      BigInteger[] rs =
          signer.generateSignature(MessageDigest.getInstance("SHA-256").digest(input));
      byte[] signature = new byte[64];
      System.arraycopy(unsigned(rs[0]), 0, signature, 0, 32);
      System.arraycopy(unsigned(rs[1]), 0, signature, 32, 32);
      return signature;
    }

    private String newNonce() throws Exception {
      REQUESTS.incrementAndGet();
      String fresh = http.head(URI.create(url("newNonce"))).header("Replay-Nonce");
      if (fresh == null) {
        throw new IllegalStateException("newNonce gave no nonce");
      }
      return fresh;
    }

    @Override
    public void close() {
      http.close();
    }
  }

  private static String url(String resource) {
    return (String) directory.get(resource);
  }

  /** TLS trusting TRUST_PEM, a test server's certificate; null for the JDK's defaults. */
  private static SSLContext tls(String trustPem) throws Exception {
    if (trustPem == null) {
      return SSLContext.getDefault();
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int i = 0;
    for (var certificate :
        CertificateFactory.getInstance("X.509")
            .generateCertificates(
                new ByteArrayInputStream(Files.readAllBytes(Path.of(trustPem))))) {
      store.setCertificateEntry("trusted-" + i++, certificate);
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /** The http-01 responder: /.well-known/acme-challenge/{token} answers the key authorization. */
  private static HttpServer responder(int port) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    String prefix = "/.well-known/acme-challenge/";
    server.createContext(
        prefix,
        exchange -> {
          String answer =
              ANSWERS.get(exchange.getRequestURI().getPath().substring(prefix.length()));
          byte[] body = bytes(answer == null ? "no such token" : answer);
          exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    // Daemon threads: the driver ends when its flows have, whatever the server's threads do.
    server.setExecutor(
        Executors.newFixedThreadPool(
            4,
            task -> {
              Thread thread = new Thread(task, "http-01 responder");
              thread.setDaemon(true);
              return thread;
            }));
    server.start();
    return server;
  }

  // ---------------------------------------------------------------- keys and CSRs

  private static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWK with RFC 7638's members in order, so that it is also the thumbprint input. */
  private static String jwk(KeyPair keys) {
    ECPublicKey key = (ECPublicKey) keys.getPublic();
    return "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
        + B64.encodeToString(unsigned(key.getW().getAffineX()))
        + "\",\"y\":\""
        + B64.encodeToString(unsigned(key.getW().getAffineY()))
        + "\"}";
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] fixed = new byte[32];
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
    return fixed;
  }

  private static byte[] csr(String name) {
    try {
      KeyPair keys = ecKeys();
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, name)));
      return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + name), keys.getPublic())
          .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
          .getEncoded();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String json) {
    return B64.encodeToString(bytes(json));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- JSON, the little ACME needs

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Object value) {
    return (Map<String, Object>) value;
  }

  private static Map<String, Object> object(String text) {
    return asObject(new JsonReader(text).value());
  }

  /** A small JSON reader: objects, arrays, strings, numbers (as text), true, false, null. */
  private static final class JsonReader {
    private final String text;
    private int at;

    JsonReader(String text) {
      this.text = text;
    }

    Object value() {
      skip();
      char c = text.charAt(at);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        default:
          int from = at;
          while (at < text.length() && ",}] \t\r\n".indexOf(text.charAt(at)) < 0) {
            at++;
          }
          String word = text.substring(from, at);
          return switch (word) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> word;
          };
      }
    }

    private Map<String, Object> object() {
      Map<String, Object> members = new LinkedHashMap<>();
      at++;
      skip();
      if (text.charAt(at) == '}') {
        at++;
        return members;
      }
      while (true) {
        skip();
        String key = string();
        skip();
        at++; // ':'
        members.put(key, value());
        skip();
        if (text.charAt(at++) == '}') {
          return members;
        }
      }
    }

    private List<Object> array() {
      List<Object> items = new ArrayList<>();
      at++;
      skip();
      if (text.charAt(at) == ']') {
        at++;
        return items;
      }
      while (true) {
        items.add(value());
        skip();
        if (text.charAt(at++) == ']') {
          return items;
        }
      }
    }

    private String string() {
      StringBuilder out = new StringBuilder();
      at++;
      while (true) {
        char c = text.charAt(at++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char escaped = text.charAt(at++);
        switch (escaped) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
          }
          default -> out.append(escaped);
        }
      }
    }

    private void skip() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }
  }
}
