/** Issued certificates, their status and the history of their revocation. */
package dev.pca.domain.model.certificate;
