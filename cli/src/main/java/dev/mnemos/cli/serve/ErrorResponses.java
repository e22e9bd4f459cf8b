package dev.mnemos.cli.serve;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.mnemos.memory.InvalidContentException;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.core.BlockEditException;
import dev.mnemos.memory.core.BlockLimitExceededException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure of a route as a status and an {@link ApiError}: the caller's mistakes as 4xx with
 * the reason, anything else as 500 with no detail (the server log has the stack trace).
 */
public class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    @ServerExceptionMapper({NoSuchAgentException.class, NotFound.class})
    public Response notFound(RuntimeException e) {
        return Authentication.refuse(404, "not_found", e.getMessage());
    }

    @ServerExceptionMapper({InvalidContentException.class, BlockEditException.class, BlockLimitExceededException.class, IllegalArgumentException.class})
    public Response invalid(RuntimeException e) {
        return Authentication.refuse(400, "invalid_request", e.getMessage());
    }

    // quarkus-rest-jackson maps the first two itself (400, no body); the most specific mapper wins, so they are named here.
    @ServerExceptionMapper({JsonParseException.class, MismatchedInputException.class, JsonProcessingException.class})
    public Response malformedJson(JsonProcessingException e) {
        return Authentication.refuse(400, "invalid_json", "the body is not valid JSON for this route: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response conflict(MemoryException e) {
        return Authentication.refuse(409, "conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unavailable(Unavailable e) {
        return Authentication.refuse(503, "unavailable", e.getMessage());
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internal(e);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json);
        }
        // Jakarta REST answers a query or path parameter that does not convert (limit=many) with 404; it is the caller's mistake.
        if (e instanceof NotFoundException && e.getCause() instanceof IllegalArgumentException bad) {
            return Authentication.refuse(400, "invalid_request", "a parameter does not have its type: " + bad.getMessage());
        }
        return Authentication.refuse(status, Response.Status.Family.familyOf(status).name().toLowerCase(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response internal(Throwable e) {
        LOG.error("a route failed", e);
        return Authentication.refuse(500, "internal", "internal error; the server log has the details");
    }

    /** Something a route names is missing (a block label, a model id). */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /** The server cannot do this now (no LLM configured). */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
