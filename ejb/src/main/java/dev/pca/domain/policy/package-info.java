/**
 * Certificate templates and the policy that judges an issuance request against one: it decides, and
 * reports every broken limit, but never signs, stores or silently changes anything.
 */
package dev.pca.domain.policy;
