/** The audit log: append-only events chained by SHA-256 so that an edit is detectable. */
package dev.pca.domain.model.audit;
