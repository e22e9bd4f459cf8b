package dev.mnemos.memory.sqlite;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.NoSuchAgentException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The row ids of the messages table: an agent's number (handed out when the agent is created)
 * times 2^40, plus the message's sequence. An agent's history is then one range of row ids, which
 * are also the rows of the FTS5 index, so a full-text match is restricted to one agent inside
 * FTS5 itself (a rowid range), without reading a row of the messages table per match.
 */
final class MessageRowIds {

    private static final int SEQUENCE_BITS = 40;
    private static final long LAST_SEQUENCE = (1L << SEQUENCE_BITS) - 1;
    private static final long LAST_NUMBER = (1L << (63 - SEQUENCE_BITS)) - 1;

    private MessageRowIds() {}

    /** The row id of the message at {@code sequence} in the history of the agent numbered {@code number}. */
    static long of(long number, long sequence) {
        if (sequence < 1 || sequence > LAST_SEQUENCE) {
            throw new MemoryException("a history holds at most " + LAST_SEQUENCE + " messages; sequence " + sequence + " is beyond");
        }
        return (number << SEQUENCE_BITS) | sequence;
    }

    /** The lowest row id of the agent's history. */
    static long first(long number) {
        return of(number, 1);
    }

    /** The highest row id the agent's history can hold. */
    static long last(long number) {
        return of(number, LAST_SEQUENCE);
    }

    /**
     * Produces the agent's number.
     *
     * @throws NoSuchAgentException when there is no such agent
     */
    static long number(Connection connection, AgentKey agent) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT number FROM agents WHERE organization = ? AND agent = ?")) {
            select.setString(1, agent.organization());
            select.setString(2, agent.agent());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new NoSuchAgentException("no agent " + agent);
                }
                return rows.getLong(1);
            }
        }
    }

    /**
     * The number for an agent about to be created. A number comes back only after the agent that
     * held the highest one is deleted, and with it every row of its history.
     */
    static long nextNumber(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT coalesce(max(number), 0) + 1 FROM agents");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            long number = rows.getLong(1);
            if (number > LAST_NUMBER) {
                throw new MemoryException("this store has numbered " + LAST_NUMBER + " agents, the most it can");
            }
            return number;
        }
    }
}
