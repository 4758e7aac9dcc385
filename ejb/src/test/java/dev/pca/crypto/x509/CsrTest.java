package dev.pca.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pca.crypto.x509.CertificateMakerTest.TestPki;
import dev.pca.crypto.x509.CsrException.Reason;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsrTest {
  static final X500Name SUBJECT = new X500Name("CN=device-1,O=PCA Test");

  @TempDir Path dir;

  @Test
  void der_isReadWithItsSubjectKeyAndRequestedNames() throws Exception {
    KeyPair keys = TestPki.ec("secp256r1");
    byte[] der = request(keys, sans(dns("a.example.com"), dns("b.example.com")));

    Csr csr = Csr.parse(der);

    assertThat(csr.subject()).isEqualTo(SUBJECT);
    assertThat(csr.publicKeyInfo()).isEqualTo(TestPki.spki(keys));
    assertThat(csr.keyAlgorithm()).isEqualTo("EC");
    assertThat(csr.keyBits()).isEqualTo(256);
    assertThat(csr.requestedSans()).containsExactly(dns("a.example.com"), dns("b.example.com"));
    assertThat(csr.encoded()).isEqualTo(der);
    csr.verifyProofOfPossession(null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"})
  void pem_isReadUnderEitherLabel(String label) throws Exception {
    byte[] der = request(TestPki.ec("secp384r1"), null);
    byte[] pem = Pem.encode(label, der).getBytes(StandardCharsets.US_ASCII);

    Csr csr = Csr.parse(pem);

    assertThat(csr.encoded()).isEqualTo(der);
    assertThat(csr.keyBits()).isEqualTo(384);
    assertThat(csr.requestedSans()).isEmpty();
  }

  @Test
  void opensslRequest_isReadFromPemAndDerWithItsSubjectAltName() throws Exception {
    openssl(
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "key.pem",
        "-subj",
        "/CN=a.example.com/O=PCA Test",
        "-addext",
        "subjectAltName=DNS:a.example.com",
        "-out",
        "req.pem");
    openssl("req", "-in", "req.pem", "-outform", "DER", "-out", "req.der");

    Csr fromPem = Csr.parse(Files.readAllBytes(dir.resolve("req.pem")));
    Csr fromDer = Csr.parse(Files.readAllBytes(dir.resolve("req.der")));

    assertThat(fromPem.encoded()).isEqualTo(fromDer.encoded());
    assertThat(fromPem.requestedSans()).containsExactly(dns("a.example.com"));
    assertThat(fromPem.subject()).isEqualTo(new X500Name("CN=a.example.com,O=PCA Test"));
    assertThat(fromPem.keyAlgorithm()).isEqualTo("EC");
    fromPem.verifyProofOfPossession(null);
  }

  @Test
  void garbage_isMalformed() {
    assertRefused(
        () -> Csr.parse("hello, CA".getBytes(StandardCharsets.US_ASCII)), Reason.MALFORMED);
    assertRefused(() -> Csr.parse(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}), Reason.MALFORMED);
    assertRefused(() -> Csr.parse(new byte[] {0x30, (byte) 0x84, 0x7f, 0, 0, 0}), Reason.MALFORMED);
  }

  @Test
  void emptyInput_isMalformed() {
    assertRefused(() -> Csr.parse(new byte[0]), Reason.MALFORMED);
    assertRefused(() -> Csr.parse(null), Reason.MALFORMED);
  }

  @Test
  void moreThan64KiB_isTooLarge() {
    assertRefused(() -> Csr.parse(new byte[64 * 1024 + 1]), Reason.TOO_LARGE);
    assertRefused(() -> Csr.parse(new byte[64 * 1024]), Reason.MALFORMED);
  }

  @Test
  void trailingGarbageAfterDer_isMalformed() throws Exception {
    byte[] der = request(TestPki.ec("secp256r1"), null);

    assertRefused(() -> Csr.parse(Arrays.copyOf(der, der.length + 1)), Reason.MALFORMED);
  }

  @Test
  void pemThatIsNotOneCertificateRequest_isMalformed() throws Exception {
    byte[] der = request(TestPki.ec("secp256r1"), null);
    String pem = Pem.encode("CERTIFICATE REQUEST", der);

    assertRefused(() -> Csr.parse(bytes(Pem.encode("CERTIFICATE", der))), Reason.MALFORMED);
    assertRefused(() -> Csr.parse(bytes(pem + "trailing text\n")), Reason.MALFORMED);
    assertRefused(() -> Csr.parse(bytes(pem + pem)), Reason.MALFORMED);
    assertRefused(() -> Csr.parse(bytes(pem.replace("-----\n", "-----\n!"))), Reason.MALFORMED);
    assertRefused(
        () -> Csr.parse(bytes(pem.replace("END CERTIFICATE REQUEST", "END CERTIFICATE"))),
        Reason.MALFORMED);
  }

  @Test
  void pemWithLargeWhiteSpaceRuns_isRefusedQuickly() {
    String pem = "-----BEGIN CERTIFICATE REQUEST-----\n" + " \n".repeat(30_000) + "-----END X-----";

    assertTimeoutPreemptively(
        Duration.ofSeconds(2), () -> assertRefused(() -> Csr.parse(bytes(pem)), Reason.MALFORMED));
  }

  @Test
  void rsaKeyOf1024Bits_isWeak() throws Exception {
    assertRefused(() -> Csr.parse(request(TestPki.rsa(1024), null)), Reason.WEAK_KEY);
  }

  @Test
  void rsaKeyWithExponentThree_isWeak() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F0));

    assertRefused(() -> Csr.parse(request(generator.generateKeyPair(), null)), Reason.WEAK_KEY);
  }

  @Test
  void rsaKeyWithAnEvenExponent_isWeak() throws Exception {
    KeyPair keys = TestPki.rsa(2048);
    BigInteger modulus = ((RSAPublicKey) keys.getPublic()).getModulus();
    SubjectPublicKeyInfo even =
        new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(
                PKCSObjectIdentifiers.rsaEncryption, org.bouncycastle.asn1.DERNull.INSTANCE),
            new org.bouncycastle.asn1.pkcs.RSAPublicKey(modulus, BigInteger.valueOf(65538)));

    assertRefused(() -> Csr.parse(request(even, TestPki.signer(keys))), Reason.WEAK_KEY);
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 5, 743, 751})
  void rsaModulusWithAFactorBelow752_isWeak(int factor) throws Exception {
    KeyPair keys = TestPki.rsa(2048);
    BigInteger modulus =
        ((RSAPublicKey) keys.getPublic()).getModulus().multiply(BigInteger.valueOf(factor));
    SubjectPublicKeyInfo divisible =
        new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(
                PKCSObjectIdentifiers.rsaEncryption, org.bouncycastle.asn1.DERNull.INSTANCE),
            new org.bouncycastle.asn1.pkcs.RSAPublicKey(modulus, BigInteger.valueOf(65537)));

    assertThatThrownBy(() -> Csr.parse(request(divisible, TestPki.signer(keys))))
        .isInstanceOfSatisfying(
            CsrException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WEAK_KEY))
        .hasMessageContaining("below 752");
  }

  @Test
  void rsaModulusWhoseSmallestFactorIs757_isAccepted() throws Exception {
    KeyPair keys = TestPki.rsa(2048);
    BigInteger modulus =
        ((RSAPublicKey) keys.getPublic()).getModulus().multiply(BigInteger.valueOf(757));
    SubjectPublicKeyInfo divisible =
        new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(
                PKCSObjectIdentifiers.rsaEncryption, org.bouncycastle.asn1.DERNull.INSTANCE),
            new org.bouncycastle.asn1.pkcs.RSAPublicKey(modulus, BigInteger.valueOf(65537)));

    // Parsed: 757 is the first prime the Baseline Requirements no longer ask about. Its signature
    // (made by another key) does not verify.
    Csr csr = Csr.parse(request(divisible, TestPki.signer(keys)));
    assertRefused(() -> csr.verifyProofOfPossession(null), Reason.BAD_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256k1", "brainpoolP256r1", "prime256v1:explicit"})
  void ecKeyOffTheNistCurvesOrWithExplicitParameters_isUnsupported(String curve) throws Exception {
    String[] parts = curve.split(":");
    String encoding = parts.length > 1 ? "explicit" : "named_curve";
    openssl(
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:" + parts[0],
        "-pkeyopt",
        "ec_param_enc:" + encoding,
        "-nodes",
        "-keyout",
        "key.pem",
        "-subj",
        "/CN=curve",
        "-out",
        "req.pem");

    assertRefused(
        () -> Csr.parse(Files.readAllBytes(dir.resolve("req.pem"))), Reason.UNSUPPORTED_KEY);
  }

  @Test
  void ed448Key_isUnsupported() throws Exception {
    openssl(
        "req",
        "-new",
        "-newkey",
        "ed448",
        "-nodes",
        "-keyout",
        "key.pem",
        "-subj",
        "/CN=ed448",
        "-out",
        "req.pem");

    assertRefused(
        () -> Csr.parse(Files.readAllBytes(dir.resolve("req.pem"))), Reason.UNSUPPORTED_KEY);
  }

  @Test
  void requestToBeACa_isABadExtension() throws Exception {
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));

    assertRefused(
        () -> Csr.parse(request(TestPki.ec("secp256r1"), extensions)), Reason.BAD_EXTENSION);
  }

  @Test
  void otherRequestedExtensions_areIgnored() throws Exception {
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
    extensions.addExtension(
        Extension.subjectAlternativeName, false, new GeneralNames(dns("x.example")));

    Csr csr = Csr.parse(request(TestPki.ec("secp256r1"), extensions));

    assertThat(csr.requestedSans()).containsExactly(dns("x.example"));
  }

  @Test
  void repeatedRequestedExtension_isABadExtension() throws Exception {
    KeyPair keys = TestPki.ec("secp256r1");
    Extension san =
        new Extension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(dns("a.example")).getEncoded());
    byte[] der =
        new JcaPKCS10CertificationRequestBuilder(SUBJECT, keys.getPublic())
            .addAttribute(
                PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                new DERSequence(new ASN1Encodable[] {san, san}))
            .build(TestPki.signer(keys))
            .getEncoded();

    assertRefused(() -> Csr.parse(der), Reason.BAD_EXTENSION);
  }

  @Test
  void malformedExtensionRequest_isABadExtension() throws Exception {
    KeyPair keys = TestPki.ec("secp256r1");
    byte[] der =
        new JcaPKCS10CertificationRequestBuilder(SUBJECT, keys.getPublic())
            .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new X500Name("CN=x"))
            .build(TestPki.signer(keys))
            .getEncoded();

    assertRefused(() -> Csr.parse(der), Reason.BAD_EXTENSION);
  }

  @Test
  void encoded_isACopy() throws Exception {
    Csr csr = Csr.parse(request(TestPki.ec("secp256r1"), null));

    csr.encoded()[0] = 0;

    assertThat(csr.encoded()[0]).isEqualTo((byte) 0x30);
  }

  @Test
  void refusalMessages_sayWhatIsWrongWithoutParserInternals() {
    assertThatThrownBy(() -> Csr.parse(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}))
        .hasMessage("not a PKCS#10 certificate request");
  }

  static byte[] request(KeyPair keys, Object sansOrExtensions) throws Exception {
    String algorithm =
        keys.getPublic().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    return request(keys, algorithm, sansOrExtensions);
  }

  static byte[] request(KeyPair keys, String algorithm, Object sansOrExtensions) throws Exception {
    var builder = new JcaPKCS10CertificationRequestBuilder(SUBJECT, keys.getPublic());
    if (sansOrExtensions instanceof GeneralNames names) {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(Extension.subjectAlternativeName, false, names);
      sansOrExtensions = extensions;
    }
    if (sansOrExtensions instanceof ExtensionsGenerator extensions) {
      builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
    }
    return builder.build(TestPki.signer(keys, algorithm)).getEncoded();
  }

  static byte[] request(SubjectPublicKeyInfo key, ContentSigner signer) throws IOException {
    return new PKCS10CertificationRequestBuilder(SUBJECT, key).build(signer).getEncoded();
  }

  private static GeneralNames sans(GeneralName... names) {
    return new GeneralNames(names);
  }

  private static GeneralName dns(String name) {
    return new GeneralName(GeneralName.dNSName, name);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private void openssl(String... arguments) throws IOException {
    openssl(dir, arguments);
  }

  static void openssl(Path dir, String... arguments) throws IOException {
    String[] command = new String[arguments.length + 1];
    command[0] = "openssl";
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    TestPki.Run run = TestPki.run(dir, command);
    assertThat(run.exitCode()).as(run.output()).isZero();
  }

  interface Parse {
    void run() throws Exception;
  }

  static void assertRefused(Parse parse, Reason reason) {
    assertThatThrownBy(parse::run)
        .isInstanceOfSatisfying(CsrException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
