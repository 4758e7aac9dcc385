/** Templates: the limits and common settings that bound what an issuer may sign. */
package dev.pca.domain.model.template;
