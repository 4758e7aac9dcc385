package dev.pca.application;

import jakarta.ejb.Local;
import java.security.cert.X509Certificate;
import java.util.List;

/** Which CA certificates this installation publishes. */
@Local
public interface IssuerDirectory {
  /** The enabled CA certificates published under {@code label}; empty when there is none. */
  List<X509Certificate> caCertificates(String label);
}
