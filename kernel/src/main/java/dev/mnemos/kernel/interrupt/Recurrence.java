package dev.mnemos.kernel.interrupt;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/** When a {@link Interrupt.Schedule} fires again. */
public sealed interface Recurrence {

    /** Produces the first occurrence strictly after {@code after}. */
    Instant next(Instant after);

    /** The text form kept in the interrupt queue, read back by {@link #parse}. */
    String text();

    /** A fixed period, e.g. every 15 minutes. */
    record Every(Duration period) implements Recurrence {
        public Every {
            Objects.requireNonNull(period, "period");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a period must be positive, got " + period);
            }
        }

        @Override
        public Instant next(Instant after) {
            return after.plus(period);
        }

        @Override
        public String text() {
            return "every " + period;
        }
    }

    /** A five-field cron expression (minute hour day-of-month month day-of-week) in a time zone. */
    record Cron(CronExpression expression, ZoneId zone) implements Recurrence {
        public Cron {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(zone, "zone");
        }

        public static Cron of(String expression, ZoneId zone) {
            return new Cron(CronExpression.parse(expression), zone);
        }

        @Override
        public Instant next(Instant after) {
            return expression.next(after.atZone(zone)).toInstant();
        }

        @Override
        public String text() {
            return "cron " + zone.getId() + " " + expression.text();
        }
    }

    /** Reads the form written by {@link #text()}: {@code every PT15M} or {@code cron UTC 0 9 * * 1-5}. */
    static Recurrence parse(String text) {
        if (text.startsWith("every ")) {
            return new Every(Duration.parse(text.substring("every ".length())));
        }
        if (text.startsWith("cron ")) {
            String rest = text.substring("cron ".length());
            int space = rest.indexOf(' ');
            return Cron.of(rest.substring(space + 1), ZoneId.of(rest.substring(0, space)));
        }
        throw new IllegalArgumentException("not a recurrence: '" + text + "'");
    }
}
