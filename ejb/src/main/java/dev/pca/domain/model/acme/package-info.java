/**
 * ACME (RFC 8555): the tokens operators give out for external account binding, and the accounts,
 * orders, authorizations and challenges of ACME clients, each with the state changes RFC 8555
 * section 7.1.6 allows.
 */
package dev.pca.domain.model.acme;
