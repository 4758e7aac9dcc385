package dev.pca.tls;

import java.security.KeyStore;
import java.security.Provider;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * Offers the trust manager factory {@value #ALGORITHM}: its trust manager lets every client chain
 * through the TLS handshake and trusts no server. The handshake still proves that the client holds
 * the key of the certificate it presents; which certificates admit a client is the application's
 * decision (an EST device's certificate must be stored, valid and of its profile's CA, compared by
 * its DER), since those CAs are made while the server runs.
 *
 * <p>Elytron loads it through a {@code provider-loader} and uses it only where a {@code
 * trust-manager} names it (providers and algorithm); it is never registered JVM-wide.
 */
public final class ClientChainsProvider extends Provider {
  public static final String NAME = "PCA-TLS";
  public static final String ALGORITHM = "PCA-ClientChains";

  private static final long serialVersionUID = 1L;

  public ClientChainsProvider() {
    super(NAME, "1.0", "PCA: a trust manager that leaves client certificates to the application");
    putService(
        new Service(this, "TrustManagerFactory", ALGORITHM, Factory.class.getName(), null, null) {
          @Override
          public Object newInstance(Object constructorParameter) {
            return new Factory();
          }
        });
  }

  /** Ignores the key store Elytron passes: there are no trust anchors at this layer. */
  static final class Factory extends TrustManagerFactorySpi {
    @Override
    protected void engineInit(KeyStore anchors) {}

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) {}

    @Override
    protected TrustManager[] engineGetTrustManagers() {
      return new TrustManager[] {new ClientChains()};
    }
  }
}
