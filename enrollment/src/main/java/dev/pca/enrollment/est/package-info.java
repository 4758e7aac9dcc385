/**
 * EST (RFC 7030) at {@code /.well-known/est/[label/]operation}, over TLS only.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7030#section-3.2.2">RFC 7030 section 3.2.2</a>
 */
package dev.pca.enrollment.est;
