package dev.pca.ocsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.junit.jupiter.api.Test;

class OcspCodecTest {
  private static final X509CertificateHolder CA = TestPki.ca("Test CA").certificate();

  @Test
  void readPost_wellFormedRequest_roundTrips() throws Exception {
    byte[] der = TestPki.request(null, TestPki.id(CA, 1)).getEncoded();
    OCSPReq read = OcspCodec.readPost(new ByteArrayInputStream(der));
    assertThat(read.getEncoded()).isEqualTo(der);
  }

  @Test
  void readGet_urlEncodedBase64_isTheSameRequest() throws Exception {
    byte[] der = TestPki.request(null, TestPki.id(CA, 2)).getEncoded();
    String path =
        URLEncoder.encode(Base64.getEncoder().encodeToString(der), StandardCharsets.US_ASCII);
    assertThat(OcspCodec.readGet(path).getEncoded()).isEqualTo(der);
  }

  @Test
  void readGet_plusAndSlashLeftUnencoded_areBase64NotSpaces() throws Exception {
    // Find a request whose base64 has a '+' in it: clients that skip URL-encoding send it as is.
    for (int serial = 1; serial < 10_000; serial++) {
      byte[] der = TestPki.request(null, TestPki.id(CA, serial)).getEncoded();
      String base64 = Base64.getEncoder().encodeToString(der);
      if (base64.contains("+") && base64.contains("/")) {
        assertThat(OcspCodec.readGet(base64).getEncoded()).isEqualTo(der);
        return;
      }
    }
    throw new AssertionError("no request with '+' and '/' in its base64");
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
    byte[] whole = TestPki.request(null, TestPki.id(CA, 3)).getEncoded();
    byte[] half = Arrays.copyOf(whole, whole.length / 2);
    assertThatThrownBy(() -> OcspCodec.readPost(new ByteArrayInputStream(half)))
        .isInstanceOf(OcspCodec.Malformed.class);
    byte[] many =
        TestPki.request(
                null, TestPki.ids(CA, OcspCodec.MAX_ENTRIES + 1).toArray(CertificateID[]::new))
            .getEncoded();
    assertThatThrownBy(() -> OcspCodec.readPost(new ByteArrayInputStream(many)))
        .isInstanceOf(OcspCodec.Malformed.class);
    assertThatThrownBy(() -> OcspCodec.readGet("%%%not-base64"))
        .isInstanceOf(OcspCodec.Malformed.class);
    assertThatThrownBy(() -> OcspCodec.readGet("MEMwQTA%")).isInstanceOf(OcspCodec.Malformed.class);
  }

  @Test
  void read_upToTheEntryCap_isAccepted() throws Exception {
    byte[] most =
        TestPki.request(null, TestPki.ids(CA, OcspCodec.MAX_ENTRIES).toArray(CertificateID[]::new))
            .getEncoded();

    assertThat(OcspCodec.readPost(new ByteArrayInputStream(most)).getRequestList())
        .hasSize(OcspCodec.MAX_ENTRIES);
  }

  @Test
  void nonce_ofOneTo32Octets_isEchoedAsSent() throws Exception {
    for (int length : new int[] {1, 16, 32}) {
      OCSPReq request = TestPki.request(new byte[length], TestPki.id(CA, 4));

      Extension nonce = OcspCodec.nonce(OcspCodec.decode(request.getEncoded()));

      assertThat(nonce.getExtnValue())
          .isEqualTo(request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue());
    }
  }

  @Test
  void nonce_over32OctetsOrEmpty_isMalformed() throws Exception {
    byte[] long33 = TestPki.request(new byte[33], TestPki.id(CA, 5)).getEncoded();
    byte[] empty = TestPki.request(new byte[0], TestPki.id(CA, 5)).getEncoded();
    // Clients that put the bare octets in extnValue are measured by those octets.
    byte[] bare = requestWithBareNonce(new byte[40]);

    assertThatThrownBy(() -> OcspCodec.decode(long33)).isInstanceOf(OcspCodec.Malformed.class);
    assertThatThrownBy(() -> OcspCodec.decode(empty)).isInstanceOf(OcspCodec.Malformed.class);
    assertThatThrownBy(() -> OcspCodec.decode(bare)).isInstanceOf(OcspCodec.Malformed.class);
    assertThat(OcspCodec.nonce(OcspCodec.decode(requestWithBareNonce(new byte[20])))).isNotNull();
  }

  @Test
  void nonce_absent_isNull() throws Exception {
    assertThat(OcspCodec.nonce(TestPki.request(null, TestPki.id(CA, 6)))).isNull();
  }

  @Test
  void error_carriesTheStatusAndNoResponseBytes() throws Exception {
    OCSPResp answer = new OCSPResp(OcspCodec.error(OCSPRespBuilder.MALFORMED_REQUEST));
    assertThat(answer.getStatus()).isEqualTo(OCSPRespBuilder.MALFORMED_REQUEST);
    assertThat(answer.getResponseObject()).isNull();
  }

  private static byte[] requestWithBareNonce(byte[] octets) throws Exception {
    return new OCSPReqBuilder()
        .addRequest(TestPki.id(CA, 7))
        .setRequestExtensions(
            new Extensions(
                new Extension(
                    OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(octets))))
        .build()
        .getEncoded();
  }
}
