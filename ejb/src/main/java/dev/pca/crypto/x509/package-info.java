/**
 * X.509 for the CA: certificates built from their content, linted before the real signature is
 * made, CRLs written streaming in bounded memory, PKCS#10 requests read and checked, and PEM/PKCS#7
 * output.
 */
package dev.pca.crypto.x509;
