package dev.pca.application.internal;

import dev.pca.application.Actor;
import dev.pca.application.AuditLog;
import dev.pca.application.CaException;
import dev.pca.crypto.KeyAlias;
import dev.pca.crypto.KeySpec;
import dev.pca.crypto.Token;
import dev.pca.crypto.TokenException;
import dev.pca.crypto.x509.CertificateContent;
import dev.pca.domain.model.enrollment.EnrollmentProfile;
import dev.pca.domain.model.issuer.Issuer;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The SCEP registration authority of each SCEP profile (RFC 8894 section 2.1.1): an RSA key made on
 * the token, so that devices can seal requests to it whatever the issuer's key type, with a
 * certificate from the profile's issuer for digitalSignature and keyEncipherment. It decrypts what
 * devices sealed and signs the answers; the key never leaves the token.
 */
@Stateless
public class RegistrationAuthority {
  /** How long an RA certificate lives at most; never beyond its issuer. */
  static final Duration VALIDITY = Duration.ofDays(2 * 365);

  @EJB private Token token;
  @EJB private Signing signing;
  @EJB private AuditLog audit;

  /** Makes the profile's RA key and certificate, in the caller's transaction. */
  public void equip(Actor actor, EnrollmentProfile profile, Issuer issuer) throws CaException {
    Signing.requireUsable(issuer);
    KeyAlias alias = KeyAlias.fresh("scep-ra");
    PublicKey key;
    try {
      token.publicKey(issuer.keyAlias());
      key = token.generate(alias, KeySpec.RSA_2048, actor.name());
    } catch (TokenException e) {
      throw EnrollmentsBean.tokenFault(e);
    }
    try {
      X509CertificateHolder issuerCertificate = Issuance.holder(issuer.certificate());
      CertificateContent content =
          Signing.serviceContent(
              issuer,
              issuerCertificate,
              key,
              new X500NameBuilder(BCStyle.INSTANCE)
                  .addRDN(BCStyle.CN, "SCEP RA " + profile.name())
                  .addRDN(BCStyle.O, "PCA")
                  .build(),
              new Signing.Service(
                  VALIDITY, KeyUsage.digitalSignature | KeyUsage.keyEncipherment, List.of(), false),
              Instant.now().truncatedTo(ChronoUnit.SECONDS));
      X509CertificateHolder signed =
          signing.sign(content, issuerCertificate, issuer.keyAlias(), signing.algorithmOf(issuer));
      profile.ra(alias, signed.getEncoded());
      audit.success(
          actor,
          "enrollment.ra.issue",
          "enrollment-profile",
          profile.id(),
          "issuer=%s key=%s raKey=%s serial=%s notAfter=%s"
              .formatted(
                  issuer.label(),
                  issuer.keyAlias(),
                  alias,
                  signed.getSerialNumber().toString(16),
                  content.notAfter()));
    } catch (CaException | IOException | RuntimeException e) {
      // The key's record rolls back with this transaction; the key on the token must go too.
      token.discard(alias);
      if (e instanceof CaException refused) {
        throw refused;
      }
      throw new IllegalStateException("the RA certificate could not be made", e);
    }
  }

  /** Destroys the RA key of a profile being deleted, if it has one. */
  public void retire(Actor actor, EnrollmentProfile profile) throws CaException {
    KeyAlias alias = profile.raKeyAlias();
    if (alias == null) {
      return;
    }
    try {
      token.destroy(alias);
    } catch (TokenException e) {
      throw EnrollmentsBean.tokenFault(e);
    }
    audit.success(
        actor, "enrollment.ra.destroy", "enrollment-profile", profile.id(), "raKey=" + alias);
  }

  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public byte[] decrypt(EnrollmentProfile profile, byte[] encryptedKey) throws CaException {
    try {
      return token.decryptKey(EnrollmentsBean.alias(profile), encryptedKey);
    } catch (TokenException e) {
      if (e.reason() == TokenException.Reason.UNDECRYPTABLE) {
        throw new CaException(
            CaException.Reason.INVALID,
            "the message was not sealed to the RA certificate of " + profile.name());
      }
      throw EnrollmentsBean.tokenFault(e);
    }
  }

  @TransactionAttribute(TransactionAttributeType.SUPPORTS)
  public byte[] sign(EnrollmentProfile profile, String algorithm, byte[] data) throws CaException {
    try {
      return token.sign(EnrollmentsBean.alias(profile), algorithm, data);
    } catch (TokenException e) {
      throw EnrollmentsBean.tokenFault(e);
    }
  }
}
