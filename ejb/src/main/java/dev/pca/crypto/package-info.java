/**
 * The one door to CA keys: key pairs are generated on the PKCS#11 token and every signature with a
 * CA key is made there, through {@link dev.pca.crypto.Token}.
 */
package dev.pca.crypto;
