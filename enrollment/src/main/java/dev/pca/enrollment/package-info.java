/** The enrollment WAR: SCEP, EST and ACME, thin over the CA core. */
package dev.pca.enrollment;
