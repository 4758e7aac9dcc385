package dev.pca.enrollment.acme;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An HTTP answer of the ACME endpoint: status, headers (a name may repeat, as Link does), body. */
record AcmeResponse(int status, List<Header> headers, String contentType, byte[] body) {
  record Header(String name, String value) {}

  AcmeResponse {
    headers = List.copyOf(headers);
  }

  static AcmeResponse json(int status, JsonObject json) {
    return new AcmeResponse(
        status, List.of(), "application/json", json.toString().getBytes(StandardCharsets.UTF_8));
  }

  static AcmeResponse text(int status, String contentType, String text) {
    return new AcmeResponse(status, List.of(), contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  static AcmeResponse empty(int status) {
    return new AcmeResponse(status, List.of(), null, new byte[0]);
  }

  static AcmeResponse problem(AcmeError error) {
    AcmeResponse response =
        new AcmeResponse(
            error.status(),
            List.of(),
            AcmeError.CONTENT_TYPE,
            error.jsonText().getBytes(StandardCharsets.UTF_8));
    for (var header : error.headers().entrySet()) {
      response = response.withHeader(header.getKey(), header.getValue());
    }
    return response;
  }

  AcmeResponse withHeader(String name, String value) {
    List<Header> more = new ArrayList<>(headers);
    more.add(new Header(name, value));
    return new AcmeResponse(status, more, contentType, body);
  }

  /** The first value of a header, or null. */
  String header(String name) {
    return headers.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Header::value)
        .findFirst()
        .orElse(null);
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
