/** Faces screens of the console and the servlets around its sign-in. */
package dev.pca.web.console;
