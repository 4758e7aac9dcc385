/**
 * SCEP (RFC 8894) at {@code /scep/{profile}} and {@code /scep/{profile}/pkiclient.exe}: the
 * pkiMessage codec (SignedData around EnvelopedData) and the servlet that serves it over the core.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8894">RFC 8894</a>
 */
package dev.pca.enrollment.scep;
