/** REST API v2: bearer tokens from Keycloak, roles checked on the server, RFC 9457 errors. */
package dev.pca.web.rest;
