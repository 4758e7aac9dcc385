import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * SCEP load for the benchmark, the same for every server: fetches GetCACert, makes KEYS RSA-2048
 * client keys and COUNT PKCSReq messages in advance (AES-256-CBC, SHA-256, the challenge in each
 * CSR, CN=bench-RUN-i), sends them with CONCURRENCY clients and times only that, then opens every
 * CertRep (signature, envelope) and counts successes, failures and duplicate serial numbers.
 *
 * <p>java -cp BC ScepLoad.java URL CHALLENGE RUN COUNT CONCURRENCY KEYS; prints one line of
 * key=value pairs.
 */
public final class ScepLoad {
  private static final ASN1ObjectIdentifier SCEP =
      new ASN1ObjectIdentifier("2.16.840.1.113733.1.9");

  private record Client(KeyPair keys, X509Certificate self) {}

  private record Sent(Client client, byte[] message) {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String challenge = args[1];
    String run = args[2];
    int count = Integer.parseInt(args[3]);
    int concurrency = Integer.parseInt(args[4]);
    int keyCount = Integer.parseInt(args[5]);

    X509Certificate recipient;
    try (BenchHttp http = new BenchHttp(URI.create(url), null)) {
      recipient = recipient(ok(http.get(URI.create(url + "?operation=GetCACert"))));
    }
    List<Client> clients =
        IntStream.range(0, keyCount).parallel().mapToObj(i -> client(run, i)).toList();
    List<Sent> load =
        IntStream.range(0, count)
            .parallel()
            .mapToObj(i -> message(clients.get(i % keyCount), recipient, challenge, run + "-" + i))
            .toList();

    byte[][] replies = new byte[count][];
    AtomicInteger httpErrors = new AtomicInteger();
    URI operation = URI.create(url + "?operation=PKIOperation");
    BenchRun.Timed timed =
        BenchRun.run(
            count,
            concurrency,
            BenchCpu.fromEnvironment(),
            () -> new BenchHttp(operation, null),
            (http, i) -> {
              try {
                replies[i] =
                    ok(http.post(operation, "application/x-pki-message", load.get(i).message()));
              } catch (Exception e) {
                httpErrors.incrementAndGet();
              }
            });

    int success = 0;
    List<String> failures = new ArrayList<>();
    Set<BigInteger> serials = new HashSet<>();
    List<String> issued = new ArrayList<>();
    int duplicates = 0;
    for (int i = 0; i < count; i++) {
      try {
        BigInteger serial = serial(replies[i], load.get(i).client(), recipient);
        success++;
        issued.add(serial.toString(16));
        if (!serials.add(serial)) {
          duplicates++;
        }
      } catch (Exception e) {
        if (failures.size() < 3) {
          failures.add(e.getMessage());
        }
      }
    }
    BenchRun.record(".serials", issued.stream());
    System.out.printf(
        "count=%d concurrency=%d seconds=%.3f rate=%.2f success=%d failed=%d http_errors=%d"
            + " duplicates=%d p50_ms=%.1f p99_ms=%.1f%s first_failures=%s%n",
        count,
        concurrency,
        timed.seconds(),
        timed.rate(),
        success,
        count - success,
        httpErrors.get(),
        duplicates,
        timed.millis(0.5),
        timed.millis(0.99),
        timed.cpu(),
        String.join("|", failures).replace(' ', '_'));
  }

  /** The RA of GetCACert (the leaf with keyEncipherment), or the CA when it is the only one. */
  private static X509Certificate recipient(byte[] body) throws Exception {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    Collection<? extends java.security.cert.Certificate> certificates;
    try {
      certificates =
          new CMSSignedData(body)
              .getCertificates().getMatches(null).stream()
                  .map(holder -> certificate((X509CertificateHolder) holder))
                  .toList();
    } catch (Exception notCms) {
      certificates = List.of(factory.generateCertificate(new ByteArrayInputStream(body)));
    }
    List<X509Certificate> all = certificates.stream().map(X509Certificate.class::cast).toList();
    return all.stream().filter(c -> c.getBasicConstraints() < 0).findFirst().orElse(all.get(0));
  }

  private static Client client(String run, int i) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair keys = generator.generateKeyPair();
      X500Name name = new X500Name("CN=bench-client-" + run + "-" + i);
      Instant now = Instant.now();
      X509Certificate self =
          new JcaX509CertificateConverter()
              .getCertificate(
                  new JcaX509v3CertificateBuilder(
                          name,
                          BigInteger.valueOf(i + 1),
                          java.util.Date.from(now.minus(Duration.ofHours(1))),
                          java.util.Date.from(now.plus(Duration.ofDays(1))),
                          name,
                          keys.getPublic())
                      .build(
                          new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
      return new Client(keys, self);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Sent message(
      Client client, X509Certificate recipient, String challenge, String id) {
    try {
      byte[] csr =
          new JcaPKCS10CertificationRequestBuilder(
                  new X500Name("CN=bench-" + id), client.keys().getPublic())
              .addAttribute(
                  PKCSObjectIdentifiers.pkcs_9_at_challengePassword,
                  new DERPrintableString(challenge))
              .build(new JcaContentSignerBuilder("SHA256withRSA").build(client.keys().getPrivate()))
              .getEncoded();
      CMSEnvelopedDataGenerator envelope = new CMSEnvelopedDataGenerator();
      envelope.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient));
      byte[] sealed =
          envelope
              .generate(
                  new CMSProcessableByteArray(csr),
                  new JceCMSContentEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC).build())
              .toASN1Structure()
              .getEncoded(ASN1Encoding.DER);
      ASN1EncodableVector attributes = new ASN1EncodableVector();
      attributes.add(printable("2", "19"));
      attributes.add(printable("7", id));
      byte[] nonce = new byte[16];
      new java.security.SecureRandom().nextBytes(nonce);
      attributes.add(new Attribute(SCEP.branch("5"), new DERSet(new DEROctetString(nonce))));
      CMSSignedDataGenerator signed = new CMSSignedDataGenerator();
      signed.addSignerInfoGenerator(
          new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
              .setSignedAttributeGenerator(
                  new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
              .build(
                  new JcaContentSignerBuilder("SHA256withRSA").build(client.keys().getPrivate()),
                  client.self()));
      signed.addCertificate(new JcaX509CertificateHolder(client.self()));
      return new Sent(
          client,
          signed.generate(new CMSProcessableByteArray(sealed), true).getEncoded(ASN1Encoding.DER));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The serial of the certificate a CertRep carries; throws unless it is a verified SUCCESS. */
  private static BigInteger serial(byte[] reply, Client client, X509Certificate recipient)
      throws Exception {
    if (reply == null) {
      throw new IllegalStateException("no answer");
    }
    CMSSignedData signed = new CMSSignedData(reply);
    SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
    AttributeTable attributes = signer.getSignedAttributes();
    String status = text(attributes, "3");
    if (!status.equals("0")) {
      throw new IllegalStateException(
          "pkiStatus " + status + (status.equals("2") ? " failInfo " + text(attributes, "4") : ""));
    }
    @SuppressWarnings("unchecked")
    Collection<X509CertificateHolder> signers =
        signed.getCertificates().getMatches(signer.getSID());
    X509CertificateHolder signerCertificate =
        signers.isEmpty() ? new JcaX509CertificateHolder(recipient) : signers.iterator().next();
    if (!signer.verify(
        new org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder()
            .build(signerCertificate))) {
      throw new IllegalStateException("the CertRep signature does not verify");
    }
    RecipientInformation sealed =
        new CMSEnvelopedData((byte[]) signed.getSignedContent().getContent())
            .getRecipientInfos()
            .getRecipients()
            .iterator()
            .next();
    byte[] degenerate =
        sealed.getContent(new JceKeyTransEnvelopedRecipient(client.keys().getPrivate()));
    X509CertificateHolder issued =
        (X509CertificateHolder)
            new CMSSignedData(degenerate).getCertificates().getMatches(null).iterator().next();
    if (!issued
        .getSubjectPublicKeyInfo()
        .equals(new JcaX509CertificateHolder(client.self()).getSubjectPublicKeyInfo())) {
      throw new IllegalStateException("the certificate is not for the client's key");
    }
    return issued.getSerialNumber();
  }

  private static String text(AttributeTable attributes, String arc) {
    return ((ASN1String) attributes.get(SCEP.branch(arc)).getAttrValues().getObjectAt(0))
        .getString();
  }

  private static Attribute printable(String arc, String value) {
    return new Attribute(SCEP.branch(arc), new DERSet(new DERPrintableString(value)));
  }

  private static X509Certificate certificate(X509CertificateHolder holder) {
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] ok(BenchHttp.Response answer) {
    if (answer.status() != 200) {
      throw new IllegalStateException("the server answered " + answer.status());
    }
    return answer.body();
  }
}
