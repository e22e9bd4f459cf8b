package dev.mnemos.cli.serve;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Runs before every REST route (health, metrics and OpenAPI under {@code /q} are not REST routes):
 * refuses bodies over the limit with 413, and requests without a known bearer key with 401; else
 * the key's organisation becomes the {@link Caller}.
 */
public class Authentication {

    @Inject
    ServedMnemos served;

    @Inject
    Caller caller;

    @ConfigProperty(name = "mnemos.serve.max-body-bytes", defaultValue = "4194304")
    long maxBodyBytes;

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parse(length) > maxBodyBytes) {
            return Optional.of(refuse(413, "payload_too_large", "the body has " + length + " bytes; the limit is " + maxBodyBytes));
        }
        Optional<String> organization = served.keys().organizationOf(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (organization.isEmpty()) {
            return Optional.of(refuse(401, "unauthorized", "give a known API key as 'Authorization: Bearer KEY'"));
        }
        caller.organization(organization.get());
        return Optional.empty();
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    static Response refuse(int status, String type, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(ApiError.of(status, type, message)).build();
    }
}
