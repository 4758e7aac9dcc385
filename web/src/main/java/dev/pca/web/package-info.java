/** The web WAR: the Faces console and the REST API, both behind Keycloak. */
package dev.pca.web;
