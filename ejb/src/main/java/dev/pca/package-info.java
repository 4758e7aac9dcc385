/** The CA core: domain model, policy, crypto, issuance, revocation and audit. */
package dev.pca;
