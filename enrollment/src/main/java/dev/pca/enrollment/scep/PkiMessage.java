package dev.pca.enrollment.scep;

import dev.pca.application.CaException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EncryptedContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientIdentifier;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * A pkiMessage as a client sent it: CMS SignedData whose signed attributes name the operation, and
 * whose content is a pkcsPKIEnvelope (EnvelopedData) sealed to the RA. Reading it goes in steps, so
 * that a message whose signature fails still has a transactionID and senderNonce to answer to.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8894#section-3.2">RFC 8894 section 3.2</a>
 */
public final class PkiMessage {
  /** The opened pkcsPKIEnvelope: the messageData, and the cipher it was sealed with. */
  public record Envelope(byte[] content, ContentCipher cipher) {}

  /** How far a signingTime may be from the server's clock: devices' clocks drift. */
  static final Duration CLOCK_SKEW = Duration.ofHours(24);

  private static final int MAX_TRANSACTION_ID = 128;
  private static final int MAX_NONCE = 64;

  // What a signature check needs besides the signer's key, made once: Bouncy Castle's simple
  // verifier builder fills the algorithm name tables anew for every message.
  private static final DefaultCMSSignatureAlgorithmNameGenerator NAMES =
      new DefaultCMSSignatureAlgorithmNameGenerator();
  private static final DefaultSignatureAlgorithmIdentifierFinder SIGNATURE_ALGORITHMS =
      new DefaultSignatureAlgorithmIdentifierFinder();
  private static final DigestCalculatorProvider DIGESTS = digests();

  private final SignerInformation signerInfo;
  private final X509Certificate signer;
  private final String type;
  private final String transactionId;
  private final byte[] senderNonce;
  private final byte[] content;

  private PkiMessage(
      SignerInformation signerInfo,
      X509Certificate signer,
      String type,
      String transactionId,
      byte[] senderNonce,
      byte[] content) {
    this.signerInfo = signerInfo;
    this.signer = signer;
    this.type = type;
    this.transactionId = transactionId;
    this.senderNonce = senderNonce;
    this.content = content;
  }

  /**
   * Reads the SignedData, its one signer with its certificate, and the attributes every request
   * carries; nothing is verified yet.
   */
  public static PkiMessage parse(byte[] der) throws MalformedMessage {
    try {
      CMSSignedData signed = new CMSSignedData(der);
      Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
      if (signers.size() != 1) {
        throw new MalformedMessage("a pkiMessage has one signer, not " + signers.size());
      }
      SignerInformation signerInfo = signers.iterator().next();
      @SuppressWarnings("unchecked")
      Collection<X509CertificateHolder> matches =
          signed.getCertificates().getMatches(signerInfo.getSID());
      if (matches.isEmpty()) {
        throw new MalformedMessage("the pkiMessage does not carry its signer's certificate");
      }
      if (signed.getSignedContent() == null
          || !CMSObjectIdentifiers.data.equals(signed.getSignedContentType())) {
        throw new MalformedMessage("the pkiMessage has no data content");
      }
      AttributeTable attributes = signerInfo.getSignedAttributes();
      if (attributes == null) {
        throw new MalformedMessage("the pkiMessage has no signed attributes");
      }
      String transactionId = text(attributes, ScepAttributes.TRANSACTION_ID);
      byte[] senderNonce = octets(attributes, ScepAttributes.SENDER_NONCE);
      if (transactionId.isEmpty() || transactionId.length() > MAX_TRANSACTION_ID) {
        throw new MalformedMessage("a transactionID has 1 to " + MAX_TRANSACTION_ID + " chars");
      }
      if (senderNonce.length == 0 || senderNonce.length > MAX_NONCE) {
        throw new MalformedMessage("a senderNonce has 1 to " + MAX_NONCE + " bytes");
      }
      return new PkiMessage(
          signerInfo,
          new JcaX509CertificateConverter().getCertificate(matches.iterator().next()),
          text(attributes, ScepAttributes.MESSAGE_TYPE),
          transactionId,
          senderNonce,
          (byte[]) signed.getSignedContent().getContent());
    } catch (CMSException | CertificateException | RuntimeException e) {
      // Bouncy Castle reports ASN.1 that is not what it should be with unchecked exceptions.
      throw new MalformedMessage("not a CMS SignedData pkiMessage", e);
    }
  }

  public String transactionId() {
    return transactionId;
  }

  public byte[] senderNonce() {
    return senderNonce.clone();
  }

  /** The certificate the message is signed with: self-signed, or the device's current one. */
  public X509Certificate signer() {
    return signer;
  }

  /** The operation asked for; badRequest for one this server does not offer. */
  public MessageType type() throws ScepFailure {
    return MessageType.of(type)
        .filter(known -> known != MessageType.CERT_REP)
        .orElseThrow(
            () -> new ScepFailure(FailInfo.BAD_REQUEST, "messageType " + type + " is not served"));
  }

  /**
   * Checks the signature (badMessageCheck), that its digest is one the profile offers (badAlg),
   * that the reply can be sealed to the signer (badAlg), and the signingTime if there is one
   * (badTime).
   */
  public void verify(Algorithms algorithms, Instant now) throws ScepFailure {
    if (!algorithms.acceptsDigest(signerInfo.getDigestAlgorithmID().getAlgorithm())) {
      throw new ScepFailure(FailInfo.BAD_ALG, "digest " + signerInfo.getDigestAlgOID());
    }
    if (!signer.getPublicKey().getAlgorithm().equals("RSA")) {
      // The reply is sealed to this certificate by RSA key transport, as SCEP has it.
      throw new ScepFailure(FailInfo.BAD_ALG, "the signer's key is not RSA");
    }
    try {
      if (!signerInfo.verify(
          new SignerInformationVerifier(
              NAMES,
              SIGNATURE_ALGORITHMS,
              new JcaContentVerifierProviderBuilder().build(signer),
              DIGESTS))) {
        throw new ScepFailure(FailInfo.BAD_MESSAGE_CHECK, "the signature does not verify");
      }
    } catch (CMSVerifierCertificateNotValidException e) {
      throw new ScepFailure(FailInfo.BAD_TIME, "the signer was not valid at the signingTime");
    } catch (CMSException | OperatorCreationException | RuntimeException e) {
      throw new ScepFailure(FailInfo.BAD_MESSAGE_CHECK, "the signature does not verify");
    }
    Optional<Instant> signingTime = signingTime();
    if (signingTime.isPresent()
        && Duration.between(signingTime.get(), now).abs().compareTo(CLOCK_SKEW) > 0) {
      throw new ScepFailure(FailInfo.BAD_TIME, "signingTime " + signingTime.get());
    }
  }

  /**
   * Opens the pkcsPKIEnvelope: the RA decrypts the content-encryption key sealed to it, and the
   * content is decrypted here with that key. Call after {@link #verify}.
   */
  public Envelope messageData(RaKey ra, Algorithms algorithms) throws ScepFailure, CaException {
    EnvelopedData envelope = envelope();
    KeyTransRecipientInfo recipient = recipient(envelope, ra.certificate());
    if (!PKCSObjectIdentifiers.rsaEncryption.equals(
        recipient.getKeyEncryptionAlgorithm().getAlgorithm())) {
      throw new ScepFailure(FailInfo.BAD_ALG, "key transport is not RSA PKCS#1 v1.5");
    }
    EncryptedContentInfo encrypted = envelope.getEncryptedContentInfo();
    ContentCipher cipher =
        ContentCipher.of(encrypted.getContentEncryptionAlgorithm().getAlgorithm())
            .filter(algorithms::acceptsCipher)
            .orElseThrow(() -> new ScepFailure(FailInfo.BAD_ALG, "content encryption"));
    if (encrypted.getEncryptedContent() == null) {
      throw new ScepFailure(FailInfo.BAD_REQUEST, "the pkcsPKIEnvelope has no content");
    }
    byte[] key;
    try {
      key = ra.decrypt(recipient.getEncryptedKey().getOctets());
    } catch (CaException e) {
      if (e.reason() != CaException.Reason.INVALID) {
        throw e;
      }
      throw new ScepFailure(FailInfo.BAD_MESSAGE_CHECK, "the content key does not decrypt");
    }
    try {
      byte[] iv =
          ASN1OctetString.getInstance(encrypted.getContentEncryptionAlgorithm().getParameters())
              .getOctets();
      return new Envelope(
          cipher.decrypt(key, iv, encrypted.getEncryptedContent().getOctets()), cipher);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new ScepFailure(FailInfo.BAD_MESSAGE_CHECK, "the content does not decrypt");
    }
  }

  private EnvelopedData envelope() throws ScepFailure {
    try {
      ContentInfo info = ContentInfo.getInstance(content);
      if (!CMSObjectIdentifiers.envelopedData.equals(info.getContentType())) {
        throw new ScepFailure(FailInfo.BAD_REQUEST, "the content is not EnvelopedData");
      }
      return EnvelopedData.getInstance(info.getContent());
    } catch (RuntimeException e) {
      throw new ScepFailure(FailInfo.BAD_REQUEST, "the content is not EnvelopedData");
    }
  }

  /** The key-transport recipient that names the RA certificate. */
  private static KeyTransRecipientInfo recipient(EnvelopedData envelope, X509Certificate ra)
      throws ScepFailure {
    for (ASN1Encodable element : envelope.getRecipientInfos()) {
      ASN1Encodable info = RecipientInfo.getInstance(element).getInfo();
      if (info instanceof KeyTransRecipientInfo transport
          && names(transport.getRecipientIdentifier(), ra)) {
        return transport;
      }
    }
    throw new ScepFailure(FailInfo.BAD_MESSAGE_CHECK, "the envelope is not sealed to the RA");
  }

  private static boolean names(RecipientIdentifier id, X509Certificate ra) {
    if (id.isTagged()) {
      byte[] extension = ra.getExtensionValue(Extension.subjectKeyIdentifier.getId());
      return extension != null
          && Arrays.equals(
              ASN1OctetString.getInstance(id.getId()).getOctets(),
              ASN1OctetString.getInstance(ASN1OctetString.getInstance(extension).getOctets())
                  .getOctets());
    }
    IssuerAndSerialNumber named = IssuerAndSerialNumber.getInstance(id.getId());
    return named.getSerialNumber().getValue().equals(ra.getSerialNumber())
        && named.getName().equals(X500Name.getInstance(ra.getIssuerX500Principal().getEncoded()));
  }

  private Optional<Instant> signingTime() throws ScepFailure {
    Attribute attribute = signerInfo.getSignedAttributes().get(CMSAttributes.signingTime);
    try {
      return attribute == null
          ? Optional.empty()
          : Optional.of(Time.getInstance(single(attribute)).getDate().toInstant());
    } catch (RuntimeException e) {
      throw new ScepFailure(FailInfo.BAD_TIME, "the signingTime is no time");
    }
  }

  private static String text(AttributeTable attributes, ASN1ObjectIdentifier type)
      throws MalformedMessage {
    if (present(attributes, type) instanceof ASN1String text) {
      return text.getString();
    }
    throw new MalformedMessage("attribute " + type + " is not a string");
  }

  private static byte[] octets(AttributeTable attributes, ASN1ObjectIdentifier type)
      throws MalformedMessage {
    if (present(attributes, type) instanceof ASN1OctetString octets) {
      return octets.getOctets();
    }
    throw new MalformedMessage("attribute " + type + " is not an octet string");
  }

  private static ASN1Encodable present(AttributeTable attributes, ASN1ObjectIdentifier type)
      throws MalformedMessage {
    Attribute attribute = attributes.get(type);
    if (attribute == null || attribute.getAttrValues().size() != 1) {
      throw new MalformedMessage("the pkiMessage lacks attribute " + type);
    }
    return single(attribute);
  }

  private static ASN1Encodable single(Attribute attribute) {
    return attribute.getAttrValues().getObjectAt(0);
  }

  private static DigestCalculatorProvider digests() {
    try {
      return new JcaDigestCalculatorProviderBuilder().build();
    } catch (OperatorCreationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
