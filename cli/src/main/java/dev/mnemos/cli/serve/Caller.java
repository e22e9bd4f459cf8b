package dev.mnemos.cli.serve;

import dev.mnemos.memory.AgentKey;
import jakarta.enterprise.context.RequestScoped;

/** The organisation of the request's API key, set by {@link Authentication} before any route runs. */
@RequestScoped
public class Caller {

    private String organization;

    void organization(String value) {
        organization = value;
    }

    public String organization() {
        if (organization == null) {
            throw new IllegalStateException("no organisation: the authentication filter did not run");
        }
        return organization;
    }

    /** The key of one of the caller's agents; an id of another organisation names a different, unknown agent. */
    public AgentKey agent(String id) {
        return new AgentKey(organization(), id);
    }
}
