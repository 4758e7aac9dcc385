/** The database: schema migrations (Flyway owns the schema) and persistence plumbing. */
package dev.pca.infrastructure.persistence;
