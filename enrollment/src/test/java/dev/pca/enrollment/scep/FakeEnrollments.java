package dev.pca.enrollment.scep;

import dev.pca.application.Actor;
import dev.pca.application.CaException;
import dev.pca.application.CaException.Reason;
import dev.pca.application.Certificates;
import dev.pca.application.Enrollments;
import dev.pca.application.Enrollments.Outcome;
import dev.pca.application.Enrollments.Proof;
import dev.pca.application.Enrollments.Status;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The core as far as SCEP calls it, in memory: one challenge, certificates from {@link TestPki},
 * the RA key in the JVM. Only the endpoint methods exist; the others throw.
 */
final class FakeEnrollments {
  static final String CHALLENGE = "open-sesame";
  static final UUID PROFILE = UUID.randomUUID();

  final TestPki pki;
  boolean manualApproval;
  private final Map<String, Outcome> byTransaction = new HashMap<>();
  private final Map<BigInteger, X509Certificate> bySerial = new HashMap<>();
  private final Map<String, byte[]> pendingCsrs = new HashMap<>();

  FakeEnrollments(TestPki pki) {
    this.pki = pki;
  }

  Enrollments.Endpoint endpoint(boolean allowDes) {
    return new Enrollments.Endpoint(
        PROFILE,
        "devices",
        Enrollments.Protocol.SCEP,
        Enrollments.Authentication.CHALLENGE,
        allowDes,
        List.of(pki.ca),
        pki.ra,
        UUID.randomUUID(),
        false);
  }

  /** The core's interface, each call going to the method of this class of the same signature. */
  Enrollments core() {
    return (Enrollments)
        Proxy.newProxyInstance(
            Enrollments.class.getClassLoader(),
            new Class<?>[] {Enrollments.class},
            (proxy, method, args) -> {
              Method own;
              try {
                own =
                    FakeEnrollments.class.getDeclaredMethod(
                        method.getName(), method.getParameterTypes());
              } catch (NoSuchMethodException e) {
                throw new UnsupportedOperationException(method.getName());
              }
              try {
                return own.invoke(this, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** What a person approving a pending request does. */
  void approve(String transactionId) throws Exception {
    byTransaction.put(transactionId, issue(transactionId, pendingCsrs.remove(transactionId)));
  }

  <T> T enroll(
      Actor device,
      UUID profileId,
      Proof proof,
      byte[] csr,
      String transactionId,
      boolean renewal,
      Enrollments.Answer<T> answer)
      throws Exception {
    return answer.to(enroll(proof, csr, transactionId, renewal));
  }

  private Outcome enroll(Proof proof, byte[] csr, String transactionId, boolean renewal)
      throws Exception {
    boolean proven =
        renewal
            ? proof.certificate() != null
                && proof
                    .certificate()
                    .getIssuerX500Principal()
                    .equals(pki.ca.getSubjectX500Principal())
            : CHALLENGE.equals(proof.password());
    if (!proven) {
      throw new CaException(Reason.INVALID, "not proven");
    }
    if (manualApproval) {
      pendingCsrs.put(transactionId, csr);
      Outcome pending = new Outcome(request(transactionId, Status.PENDING), null);
      byTransaction.put(transactionId, pending);
      return pending;
    }
    Outcome issued = issue(transactionId, csr);
    byTransaction.put(transactionId, issued);
    return issued;
  }

  Outcome poll(UUID profileId, String transactionId) throws CaException {
    Outcome outcome = byTransaction.get(transactionId);
    if (outcome == null) {
      throw new CaException(Reason.NOT_FOUND, "no such transaction");
    }
    return outcome;
  }

  byte[] certificate(UUID profileId, BigInteger serial) throws Exception {
    X509Certificate certificate = bySerial.get(serial);
    if (certificate == null) {
      throw new CaException(Reason.NOT_FOUND, "no such certificate");
    }
    return certificate.getEncoded();
  }

  byte[] crl(UUID profileId) throws Exception {
    return pki.crl();
  }

  byte[] raDecrypt(UUID profileId, byte[] encryptedKey) throws CaException {
    try {
      Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
      cipher.init(Cipher.DECRYPT_MODE, pki.raKeys.getPrivate());
      return cipher.doFinal(encryptedKey);
    } catch (GeneralSecurityException e) {
      throw new CaException(Reason.INVALID, "does not decrypt");
    }
  }

  byte[] raSign(UUID profileId, String algorithm, byte[] data) throws GeneralSecurityException {
    Signature signature = Signature.getInstance(algorithm);
    signature.initSign(pki.raKeys.getPrivate());
    signature.update(data);
    return signature.sign();
  }

  private Outcome issue(String transactionId, byte[] csr) throws Exception {
    PKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(csr);
    X509Certificate certificate =
        pki.issue(
            new JcaPKCS10CertificationRequest(request).getPublicKey(),
            request.getSubject().toString());
    bySerial.put(certificate.getSerialNumber(), certificate);
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    return new Outcome(
        request(transactionId, Status.ISSUED), new Certificates.Issued(null, pem, pem));
  }

  private static Enrollments.Request request(String transactionId, Status status) {
    return new Enrollments.Request(
        UUID.randomUUID(),
        PROFILE,
        "devices",
        transactionId,
        "CN=device",
        List.of(),
        status,
        null,
        "127.0.0.1",
        Instant.now(),
        null,
        null,
        null);
  }
}
