/** The stateless beans behind the application services. */
package dev.pca.application.internal;
