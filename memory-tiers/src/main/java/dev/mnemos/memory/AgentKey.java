package dev.mnemos.memory;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one agent of one organisation. Every row of every store belongs to exactly one
 * {@code AgentKey}, and every read is scoped by one: no query reads across organisations or agents.
 *
 * @param organization the tenant, e.g. {@code acme}
 * @param agent the agent's id inside the organisation
 */
public record AgentKey(String organization, String agent) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public AgentKey {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(agent, "agent");
        if (!ID.matcher(organization).matches()) {
            throw new InvalidContentException("organization id must be 1-128 letters, digits, '.', '_', ':' or '-', got '" + organization + "'");
        }
        if (!ID.matcher(agent).matches()) {
            throw new InvalidContentException("agent id must be 1-128 letters, digits, '.', '_', ':' or '-', got '" + agent + "'");
        }
    }

    @Override
    public String toString() {
        return organization + "/" + agent;
    }
}
