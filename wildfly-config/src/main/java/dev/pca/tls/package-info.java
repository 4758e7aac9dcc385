/**
 * A JCA provider for the server's TLS layer: a trust manager that accepts the chain any client
 * presents, so that the application, not the handshake, judges client certificates of CAs made
 * while the server runs. Shipped as the WildFly module {@code dev.pca.tls}.
 */
package dev.pca.tls;
