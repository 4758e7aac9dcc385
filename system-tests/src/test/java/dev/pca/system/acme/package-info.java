/**
 * End-to-end tests of ACME (RFC 8555) against the running stack, with certbot, lego, acme4j and a
 * JWS client of a few lines, challenges validated against pebble-challtestsrv on loopback.
 */
package dev.pca.system.acme;
