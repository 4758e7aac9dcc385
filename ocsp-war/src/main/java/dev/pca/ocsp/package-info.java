/**
 * The OCSP responder (RFC 6960, RFC 5019) and CRL distribution: a WAR of its own that reads status
 * from the database, so that many can run close to the clients.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6960">RFC 6960</a>
 */
package dev.pca.ocsp;
