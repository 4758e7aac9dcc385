package dev.pca.web.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** 201 Created with the new resource's location under the API root, and the resource itself. */
final class Created {
  private Created() {}

  static Response.ResponseBuilder at(UriInfo uri, String collection, Object id, Object entity) {
    return Response.created(uri.getBaseUriBuilder().path(collection).path(id.toString()).build())
        .entity(entity);
  }
}
