package dev.pca.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

class ClientChainsProviderTest {
  // Self-signed P-256 certificates of no CA the server knows, and their PKCS#8 keys.
  private static final String SERVER_KEY =
      "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgQkzuK3+A8eqkVzNW8fphlEeS4gN5"
          + "rU4itipnwqeuDaehRANCAARqc85xiBrokeHj7VHN4Sp0TnGI2SnhcjiIC7U6uvr0Gqq9YvgtCpYn"
          + "1JqlK7Vj3MnQE2Y04vr9oE7VWGH1TMW+";

  private static final String SERVER_CERTIFICATE =
      "MIIBeTCCAR+gAwIBAgIURWaqoIOksCR98CK4jAUtJOEmi4kwCgYIKoZIzj0EAwIwETEPMA0GA1UE"
          + "AwwGc2VydmVyMCAXDTI2MTEyMzA2MDc0N1oYDzIxMjYxMDMwMDYwNzQ3WjARMQ8wDQYDVQQDDAZz"
          + "ZXJ2ZXIwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARqc85xiBrokeHj7VHN4Sp0TnGI2SnhcjiI"
          + "C7U6uvr0Gqq9YvgtCpYn1JqlK7Vj3MnQE2Y04vr9oE7VWGH1TMW+o1MwUTAdBgNVHQ4EFgQU1Udv"
          + "RecYqL9i8Vb/LZ5HguMKHvowHwYDVR0jBBgwFoAU1UdvRecYqL9i8Vb/LZ5HguMKHvowDwYDVR0T"
          + "AQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAlrXulohRN71KIs7T6pYpWBrlQiV+sfaSxhkd"
          + "FHmhvQ8CIGGbTA/+9dB0dkHB5T+n4KKJCO6arvDkz+zG0sqM4Etn";

  private static final String CLIENT_KEY =
      "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgzCtXm0pt/z8Q2RQg8vymHc3IvBGt"
          + "aKoriISiZS6w/R+hRANCAATJGWblU61a1KgulRWFa0eMQk/ta8U8RlMs6RFKoZ9zNnkpIX5sfbTK"
          + "lwC8RftTuI/DI4TVIUAIPxCdoiN96bIv";

  private static final String CLIENT_CERTIFICATE =
      "MIIBeTCCAR+gAwIBAgIUIPKNS0KyUI3FEPP07KSGR9UctE0wCgYIKoZIzj0EAwIwETEPMA0GA1UE"
          + "AwwGY2xpZW50MCAXDTI2MTEyMzA2MDc0N1oYDzIxMjYxMDMwMDYwNzQ3WjARMQ8wDQYDVQQDDAZj"
          + "bGllbnQwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATJGWblU61a1KgulRWFa0eMQk/ta8U8RlMs"
          + "6RFKoZ9zNnkpIX5sfbTKlwC8RftTuI/DI4TVIUAIPxCdoiN96bIvo1MwUTAdBgNVHQ4EFgQUymKM"
          + "ghky3r/Gz3JBzZzDfv0mquwwHwYDVR0jBBgwFoAUymKMghky3r/Gz3JBzZzDfv0mquwwDwYDVR0T"
          + "AQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAr5WwD6sP+oNS3v5V9Lj+jyvVjf5bl6dVrdjq"
          + "BILm6MUCIGqRYazb3kwhYtRDFhea6aFxeF7kcHF70AVV/ioYgL5V";

  @Test
  void trustManager_acceptsAnyClientChain_trustsNoServer_namesNoIssuers() throws Exception {
    X509TrustManager trust = trustManager();
    X509Certificate[] chain = {certificate(CLIENT_CERTIFICATE)};

    trust.checkClientTrusted(chain, "ECDHE_ECDSA");
    assertThat(trust.getAcceptedIssuers()).isEmpty();
    assertThatThrownBy(() -> trust.checkServerTrusted(chain, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
    assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[0], "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void handshake_withWantedClientAuth_passesAClientOfAnUnknownCaOn_andOneWithoutACertificate()
      throws Exception {
    assertThat(peerSeenByServer(true)).isEqualTo(certificate(CLIENT_CERTIFICATE));
    assertThat(peerSeenByServer(false)).isNull();
  }

  private static X509TrustManager trustManager() throws Exception {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(ClientChainsProvider.ALGORITHM, new ClientChainsProvider());
    factory.init((KeyStore) null);
    TrustManager[] managers = factory.getTrustManagers();
    assertThat(managers).hasSize(1);
    return (X509TrustManager) managers[0];
  }

  /** One TLS 1.3 handshake over loopback; the client certificate the server saw, or null. */
  private static Certificate peerSeenByServer(boolean clientPresentsCertificate) throws Exception {
    SSLContext server = SSLContext.getInstance("TLSv1.3");
    server.init(keys(SERVER_KEY, SERVER_CERTIFICATE), new TrustManager[] {trustManager()}, null);
    SSLContext client = SSLContext.getInstance("TLSv1.3");
    client.init(
        clientPresentsCertificate ? keys(CLIENT_KEY, CLIENT_CERTIFICATE) : null,
        new TrustManager[] {pinned(certificate(SERVER_CERTIFICATE))},
        null);
    try (SSLServerSocket listener =
        (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0)) {
      listener.setWantClientAuth(true);
      CompletableFuture<Certificate> seen =
          CompletableFuture.supplyAsync(
              () -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                  InputStream in = accepted.getInputStream();
                  in.read();
                  accepted.getOutputStream().write(1);
                  Certificate[] peer = accepted.getSession().getPeerCertificates();
                  return peer[0];
                } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                  return null;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (SSLSocket socket =
          (SSLSocket)
              client.getSocketFactory().createSocket("127.0.0.1", listener.getLocalPort())) {
        OutputStream out = socket.getOutputStream();
        out.write(1);
        out.flush();
        assertThat(socket.getInputStream().read()).isEqualTo(1);
      }
      return seen.get(30, TimeUnit.SECONDS);
    }
  }

  private static javax.net.ssl.KeyManager[] keys(String key, String certificate) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "key",
        KeyFactory.getInstance("EC")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(key))),
        "secret".toCharArray(),
        new Certificate[] {certificate(certificate)});
    KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
    factory.init(store, "secret".toCharArray());
    return factory.getKeyManagers();
  }

  private static TrustManager pinned(X509Certificate anchor) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("server", anchor);
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(store);
    return factory.getTrustManagers()[0];
  }

  private static X509Certificate certificate(String base64) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
  }
}
