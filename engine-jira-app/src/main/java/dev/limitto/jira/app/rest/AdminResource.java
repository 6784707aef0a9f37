package dev.limitto.jira.app.rest;

import dev.limitto.jira.admin.AdminApi;
import dev.limitto.jira.admin.AdminRequest;
import dev.limitto.jira.admin.AdminResponse;
import dev.limitto.jira.app.LimitToApp;
import dev.limitto.jira.gate.GateRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.Map;

/**
 * The {@code rest} module of atlassian-plugin.xml ({@code /rest/limit-to/1.0/…}): every call is
 * handed, as it came, to the app's {@link AdminApi}, which decides everything (who may call, the
 * cross-site check, limits, errors) exactly as in {@code serve}. This class only converts the
 * request and the answer. Jira creates it with the plugin's {@link LimitToApp}.
 */
@Path("/")
public final class AdminResource {

  private final AdminApi api;

  public AdminResource(LimitToApp app) {
    this.api = app.adminApi();
  }

  @GET
  @Path("{path: .*}")
  public Response get(@Context HttpServletRequest request) {
    return handle(request, null);
  }

  @DELETE
  @Path("{path: .*}")
  public Response delete(@Context HttpServletRequest request) {
    return handle(request, null);
  }

  @POST
  @Path("{path: .*}")
  public Response post(@Context HttpServletRequest request, InputStream body) {
    return handle(request, body);
  }

  @PUT
  @Path("{path: .*}")
  public Response put(@Context HttpServletRequest request, InputStream body) {
    return handle(request, body);
  }

  private Response handle(HttpServletRequest req, InputStream body) {
    String uri = req.getRequestURI();
    String context = req.getContextPath();
    AdminRequest.Builder b = AdminRequest.builder(req.getMethod(),
        uri.startsWith(context) ? uri.substring(context.length()) : uri);
    b.rawQuery(req.getQueryString());
    for (Enumeration<String> names = req.getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      for (Enumeration<String> v = req.getHeaders(name); v.hasMoreElements(); ) {
        b.header(name, v.nextElement());
      }
    }
    if (body != null) {
      try (InputStream in = body) {
        b.body(in.readNBytes(api.limits().maxBodyBytes() + 1));
      } catch (IOException e) {
        b.bodyUnreadable(true);
      }
    }
    b.remoteUser(req.getRemoteUser());
    b.tokenAuthenticated(req.getAttribute(GateRequest.TOKEN_AUTHENTICATED_ATTRIBUTE) != null);
    String host = req.getHeader("Host");
    b.requestOrigin(host == null ? null : req.getScheme() + "://" + host);
    AdminResponse r = api.handle(b.build());
    Response.ResponseBuilder out = Response.status(r.status()).entity(r.body());
    for (Map.Entry<String, String> h : r.headers()) {
      if (h.getKey().equalsIgnoreCase("Content-Type")) {
        out.type(h.getValue());
      } else {
        out.header(h.getKey(), h.getValue());
      }
    }
    return out.build();
  }
}
