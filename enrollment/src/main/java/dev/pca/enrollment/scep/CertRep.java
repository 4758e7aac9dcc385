package dev.pca.enrollment.scep;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The server's reply to a pkiMessage: SignedData by the RA with messageType CertRep, the pkiStatus,
 * a failInfo when it failed, the transactionID and the request's senderNonce as recipientNonce;
 * when it succeeded, a pkcsPKIEnvelope sealed to the requester holding a degenerate SignedData with
 * the certificate or CRL.
 *
 * @param messageData the degenerate SignedData to seal, null unless SUCCESS
 * @param requester whom the messageData is sealed to: the request's signer
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8894#section-3.3.2">RFC 8894 section 3.3.2</a>
 */
public record CertRep(
    PkiStatus status,
    FailInfo failInfo,
    String transactionId,
    byte[] recipientNonce,
    byte[] messageData,
    X509Certificate requester,
    ContentCipher cipher) {
  private static final SecureRandom RANDOM = new SecureRandom();

  public static CertRep success(
      PkiMessage request, byte[] messageData, ContentCipher requestCipher) {
    return new CertRep(
        PkiStatus.SUCCESS,
        null,
        request.transactionId(),
        request.senderNonce(),
        messageData,
        request.signer(),
        requestCipher.reply());
  }

  public static CertRep pending(PkiMessage request) {
    return new CertRep(
        PkiStatus.PENDING, null, request.transactionId(), request.senderNonce(), null, null, null);
  }

  public static CertRep failure(PkiMessage request, FailInfo failInfo) {
    return new CertRep(
        PkiStatus.FAILURE,
        failInfo,
        request.transactionId(),
        request.senderNonce(),
        null,
        null,
        null);
  }

  /** The DER of the reply, signed through the RA key. */
  public byte[] encode(RaKey ra) {
    try {
      CMSTypedData content =
          messageData == null ? new CMSAbsentContent() : new CMSProcessableByteArray(envelope());
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addSignerInfoGenerator(
          new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
              .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(attributes()))
              .build(new RaContentSigner(ra), ra.certificate()));
      generator.addCertificate(new JcaX509CertificateHolder(ra.certificate()));
      // DER throughout: BER's chunked OCTET STRINGs trip clients (Go's pkcs7 digests them wrongly).
      return generator.generate(content, messageData != null).getEncoded(ASN1Encoding.DER);
    } catch (CMSException | OperatorCreationException | GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot encode a CertRep", e);
    }
  }

  private byte[] envelope() throws CMSException, GeneralSecurityException, IOException {
    CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
    generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(requester));
    return generator
        .generate(
            new CMSProcessableByteArray(messageData),
            new JceCMSContentEncryptorBuilder(cipher.oid()).setSecureRandom(RANDOM).build())
        .toASN1Structure()
        .getEncoded(ASN1Encoding.DER);
  }

  private AttributeTable attributes() {
    ASN1EncodableVector attributes = new ASN1EncodableVector();
    attributes.add(attribute(ScepAttributes.MESSAGE_TYPE, MessageType.CERT_REP.code()));
    attributes.add(attribute(ScepAttributes.PKI_STATUS, status.code()));
    if (failInfo != null) {
      attributes.add(attribute(ScepAttributes.FAIL_INFO, failInfo.code()));
    }
    attributes.add(attribute(ScepAttributes.TRANSACTION_ID, transactionId));
    attributes.add(
        new Attribute(
            ScepAttributes.RECIPIENT_NONCE, new DERSet(new DEROctetString(recipientNonce))));
    byte[] senderNonce = new byte[16];
    RANDOM.nextBytes(senderNonce);
    attributes.add(
        new Attribute(ScepAttributes.SENDER_NONCE, new DERSet(new DEROctetString(senderNonce))));
    return new AttributeTable(attributes);
  }

  private static Attribute attribute(ASN1ObjectIdentifier type, String value) {
    return new Attribute(type, new DERSet(new DERPrintableString(value)));
  }
}
