/** Certificate authorities and the keys they sign with, as the database knows them. */
package dev.pca.domain.model.issuer;
