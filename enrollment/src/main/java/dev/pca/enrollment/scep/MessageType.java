package dev.pca.enrollment.scep;

import java.util.Arrays;
import java.util.Optional;

/**
 * The messageType attribute: "a PrintableString containing one of the following values".
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8894#section-3.2.1.2">RFC 8894 section
 *     3.2.1.2</a>
 */
public enum MessageType {
  CERT_REP(3),
  RENEWAL_REQ(17),
  PKCS_REQ(19),
  CERT_POLL(20),
  GET_CERT(21),
  GET_CRL(22);

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  /** The value as it goes on the wire. */
  public String code() {
    return Integer.toString(code);
  }

  /** The type of a wire value; empty for types this server does not know (UpdateReq, ...). */
  public static Optional<MessageType> of(String code) {
    return Arrays.stream(values()).filter(type -> type.code().equals(code)).findFirst();
  }
}
