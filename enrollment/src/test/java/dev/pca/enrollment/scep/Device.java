package dev.pca.enrollment.scep;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.jscep.message.PkcsPkiEnvelopeDecoder;
import org.jscep.message.PkcsPkiEnvelopeEncoder;
import org.jscep.message.PkiMessageDecoder;
import org.jscep.message.PkiMessageEncoder;
import org.jscep.message.PkiRequest;

/**
 * A SCEP client in the tests: its requests made and the replies read by jscep's message classes (a
 * codec nobody here wrote), and, for what jscep cannot say (RenewalReq, message type 17), a request
 * put together with Bouncy Castle.
 */
final class Device {
  final KeyPair keys;
  final X509Certificate certificate;
  private final X509Certificate ra;

  Device(KeyPair keys, X509Certificate certificate, X509Certificate ra) {
    this.keys = keys;
    this.certificate = certificate;
    this.ra = ra;
  }

  /** A request as jscep encodes it, sealed with {@code cipher} ("AES", "DESede", "DES"). */
  byte[] jscep(PkiRequest<?> request, String cipher) throws Exception {
    return new PkiMessageEncoder(
            keys.getPrivate(), certificate, new PkcsPkiEnvelopeEncoder(ra, cipher), "SHA256withRSA")
        .encode(request)
        .getEncoded();
  }

  /** The CertRep as jscep reads it: signature checked against the RA, envelope opened. */
  org.jscep.message.CertRep read(byte[] reply) throws Exception {
    return (org.jscep.message.CertRep)
        new PkiMessageDecoder(ra, new PkcsPkiEnvelopeDecoder(certificate, keys.getPrivate()))
            .decode(new CMSSignedData(reply));
  }

  /** The certificates of a successful CertRep's degenerate SignedData. */
  static List<X509Certificate> certificates(org.jscep.message.CertRep reply) {
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    return reply.getMessageData().getCertificates().getMatches(null).stream()
        .map(
            holder -> {
              try {
                return converter.getCertificate((X509CertificateHolder) holder);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  /** A pkiMessage of any messageType, sealed with AES-128 and signed with SHA-256. */
  byte[] raw(String messageType, String transactionId, byte[] messageData) throws Exception {
    CMSEnvelopedDataGenerator envelope = new CMSEnvelopedDataGenerator();
    envelope.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(ra));
    byte[] sealed =
        envelope
            .generate(
                new CMSProcessableByteArray(messageData),
                new JceCMSContentEncryptorBuilder(ContentCipher.AES_128_CBC.oid()).build())
            .getEncoded();
    ASN1EncodableVector attributes = new ASN1EncodableVector();
    attributes.add(printable(ScepAttributes.MESSAGE_TYPE, messageType));
    attributes.add(printable(ScepAttributes.TRANSACTION_ID, transactionId));
    attributes.add(
        new Attribute(ScepAttributes.SENDER_NONCE, new DERSet(new DEROctetString(new byte[16]))));
    CMSSignedDataGenerator signed = new CMSSignedDataGenerator();
    signed.addSignerInfoGenerator(
        new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
            .setSignedAttributeGenerator(
                new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
            .build(
                new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()),
                certificate));
    signed.addCertificate(new JcaX509CertificateHolder(certificate));
    return signed.generate(new CMSProcessableByteArray(sealed), true).getEncoded();
  }

  private static Attribute printable(ASN1ObjectIdentifier type, String value) {
    return new Attribute(type, new DERSet(new DERPrintableString(value)));
  }
}
