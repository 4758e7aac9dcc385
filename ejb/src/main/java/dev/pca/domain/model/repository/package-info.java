/** Repositories: the unit of management that owns issuers, templates and certificates. */
package dev.pca.domain.model.repository;
