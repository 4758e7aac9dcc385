package dev.pca.enrollment.acme;

/**
 * An HTTP request to the ACME endpoint, as the servlet received it: the method, the origin the
 * client reached ({@code scheme://host[:port]}), the path below {@code /acme}, the content type,
 * the body (at most one byte more than {@link AcmeEndpoint#MAX_BODY}) and the client's address.
 */
record AcmeRequest(
    String method,
    String origin,
    String pathInfo,
    String contentType,
    byte[] body,
    String remoteAddress) {}
