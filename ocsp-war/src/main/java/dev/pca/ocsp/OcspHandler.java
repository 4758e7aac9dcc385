package dev.pca.ocsp;

import io.undertow.server.HandlerWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import jakarta.servlet.ServletContext;
import java.nio.ByteBuffer;

/**
 * Answers a GET from the kept good answers on Undertow's I/O thread, before the servlet chain: the
 * common OCSP question (RFC 5019: one certificate, no nonce, by GET) then costs no thread hand-off,
 * no servlet machinery and no signature. Everything else (POST, a miss, anything odd) goes on to
 * {@link OcspServlet}, which made every kept answer through {@link Responder#answer}: the bytes and
 * headers sent here are the ones it would send.
 *
 * <p>Registered through {@code META-INF/services/io.undertow.servlet.ServletExtension}; the WAR
 * declares the Undertow modules it needs in {@code jboss-deployment-structure.xml}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5019#section-5">RFC 5019 section 5</a>
 */
public class OcspHandler implements HttpHandler {
  private final HttpHandler next;
  private final ServletContext context;
  private final String prefix;
  private volatile Responder responder;

  OcspHandler(HttpHandler next, ServletContext context) {
    this.next = next;
    this.context = context;
    this.prefix = context.getContextPath() + "/ocsp/";
  }

  /** Puts the handler in front of the WAR's servlet chain. */
  public static final class Extension implements ServletExtension {
    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
      HandlerWrapper wrapper = next -> new OcspHandler(next, context);
      deployment.addInitialHandlerChainWrapper(wrapper);
    }
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    Answer answer = kept(exchange);
    if (answer == null) {
      next.handleRequest(exchange);
      return;
    }
    exchange.setStatusCode(200);
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.CONTENT_TYPE, Answer.MEDIA_TYPE);
    answer.cachingHeaders(
        System.currentTimeMillis() / 1000,
        (name, value) -> headers.put(HttpString.tryFromString(name), value));
    exchange.getResponseSender().send(ByteBuffer.wrap(answer.der()));
  }

  private Answer kept(HttpServerExchange exchange) {
    if (!exchange.getRequestMethod().equals(Methods.GET)) {
      return null;
    }
    String uri = exchange.getRequestURI();
    if (!uri.startsWith(prefix) || !exchange.getQueryString().isEmpty()) {
      return null;
    }
    Responder ready = responder;
    if (ready == null) {
      ready = OcspNode.responder(context);
      if (ready == null) {
        return null;
      }
      responder = ready;
    }
    return ready.kept(uri.substring(prefix.length()));
  }
}
