package dev.pca.application.internal;

import dev.pca.application.IssuerDirectory;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

@Stateless
public class IssuerDirectoryBean implements IssuerDirectory {
  @PersistenceContext private EntityManager em;

  @Override
  public List<X509Certificate> caCertificates(String label) {
    List<?> rows =
        em.createNativeQuery(
                "select certificate from issuer where label = ?1 and enabled order by id")
            .setParameter(1, label)
            .getResultList();
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Object der : rows) {
        certificates.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream((byte[]) der)));
      }
    } catch (CertificateException e) {
      throw new IllegalStateException("a stored CA certificate does not parse", e);
    }
    return certificates;
  }
}
