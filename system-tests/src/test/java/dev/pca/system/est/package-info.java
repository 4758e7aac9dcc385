/**
 * End-to-end tests of EST (RFC 7030) against the running stack, with Bouncy Castle's EST client and
 * with curl and openssl, over TLS with the server's certificate pinned.
 */
package dev.pca.system.est;
