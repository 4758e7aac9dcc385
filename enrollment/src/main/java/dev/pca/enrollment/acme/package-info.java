/**
 * ACME (RFC 8555) at {@code /acme/{profile}/...}: JWS, nonces, URLs, resource objects and challenge
 * validation over the network, thin over the core's {@link dev.pca.application.Acme}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555">RFC 8555</a>
 */
package dev.pca.enrollment.acme;
