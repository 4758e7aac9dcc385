/**
 * The Faces console: one backing bean per screen or verb, talking to the core's services, with
 * {@link dev.pca.web.console.Task} and {@link dev.pca.web.console.Allowed} deciding on the server
 * who may do what, and {@link dev.pca.web.console.Refusals} the one place that turns failures into
 * messages.
 */
package dev.pca.web.console;
