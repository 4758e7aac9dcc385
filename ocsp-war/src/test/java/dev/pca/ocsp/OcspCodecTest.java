package dev.pca.ocsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

class OcspCodecTest {
  private static final X509CertificateHolder CA = selfSigned("CN=Test CA");

  @Test
  void readPost_wellFormedRequest_roundTrips() throws Exception {
    byte[] der = request(CA, 1).getEncoded();
    OCSPReq read = OcspCodec.readPost(new ByteArrayInputStream(der));
    assertThat(read.getEncoded()).isEqualTo(der);
  }

  @Test
  void readGet_urlEncodedBase64_isTheSameRequest() throws Exception {
    byte[] der = request(CA, 2).getEncoded();
    String path =
        URLEncoder.encode(Base64.getEncoder().encodeToString(der), StandardCharsets.US_ASCII);
    assertThat(OcspCodec.readGet(path).getEncoded()).isEqualTo(der);
  }

  @Test
  void read_garbageEmptyOversizedOrTooMany_isMalformed() throws Exception {
    assertThatThrownBy(() -> OcspCodec.readPost(new ByteArrayInputStream("hello".getBytes())))
        .isInstanceOf(OcspCodec.Malformed.class);
    assertThatThrownBy(() -> OcspCodec.readPost(new ByteArrayInputStream(new byte[0])))
        .isInstanceOf(OcspCodec.Malformed.class);
    byte[] huge = new byte[OcspCodec.MAX_REQUEST_BYTES + 1];
    assertThatThrownBy(() -> OcspCodec.readPost(new ByteArrayInputStream(huge)))
        .isInstanceOf(OcspCodec.Malformed.class);
    byte[] truncated = request(CA, 3).getEncoded();
    byte[] half = java.util.Arrays.copyOf(truncated, truncated.length / 2);
    assertThatThrownBy(() -> OcspCodec.readPost(new ByteArrayInputStream(half)))
        .isInstanceOf(OcspCodec.Malformed.class);
    byte[] many = request(CA, OcspCodec.MAX_ENTRIES + 1).getEncoded();
    assertThatThrownBy(() -> OcspCodec.readPost(new ByteArrayInputStream(many)))
        .isInstanceOf(OcspCodec.Malformed.class);
    assertThatThrownBy(() -> OcspCodec.readGet("%%%not-base64"))
        .isInstanceOf(OcspCodec.Malformed.class);
  }

  @Test
  void error_carriesTheStatusAndNoResponseBytes() throws Exception {
    OCSPResp answer = new OCSPResp(OcspCodec.error(OCSPRespBuilder.MALFORMED_REQUEST));
    assertThat(answer.getStatus()).isEqualTo(OCSPRespBuilder.MALFORMED_REQUEST);
    assertThat(answer.getResponseObject()).isNull();
  }

  @Test
  void answer_issuerNotServed_isUnauthorized() throws Exception {
    X509CertificateHolder other = selfSigned("CN=Other CA");
    byte[] answer = new Responder().answer(request(CA, 1), List.of(other));
    assertThat(OcspCodec.status(answer)).isEqualTo(OCSPRespBuilder.UNAUTHORIZED);
    assertThat(OcspCodec.status(new Responder().answer(request(CA, 1), List.of())))
        .isEqualTo(OCSPRespBuilder.UNAUTHORIZED);
  }

  private static OCSPReq request(X509CertificateHolder issuer, int entries) throws Exception {
    OCSPReqBuilder builder = new OCSPReqBuilder();
    var sha1 = new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1);
    for (int i = 0; i < entries; i++) {
      builder.addRequest(new CertificateID(sha1, issuer, BigInteger.valueOf(1000 + i)));
    }
    return builder.build();
  }

  private static X509CertificateHolder selfSigned(String dn) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      KeyPair pair = generator.generateKeyPair();
      X500Name name = new X500Name(dn);
      Instant now = Instant.now();
      return new JcaX509v3CertificateBuilder(
              name,
              BigInteger.TEN,
              Date.from(now),
              Date.from(now.plusSeconds(3600)),
              name,
              pair.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
