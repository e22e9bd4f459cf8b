package dev.mnemos.kernel.interrupt;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression: minute (0-59), hour (0-23), day of month (1-31), month (1-12),
 * day of week (0-7, 0 and 7 are Sunday). Each field is {@code *}, a number, a range {@code a-b}, a
 * step {@code * /n} or {@code a-b/n}, or a comma-separated list of these. As in Vixie cron, when
 * both day fields are restricted a day matches if either does.
 */
public record CronExpression(String text, BitSet minutes, BitSet hours, BitSet days, BitSet months, BitSet weekdays) {

    /** Four years and a day: every valid expression fires within it (29 February included). */
    private static final long SEARCH_MINUTES = (4L * 366 + 1) * 24 * 60;

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException when it does not have five valid fields
     */
    public static CronExpression parse(String text) {
        String[] fields = text.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("a cron expression has 5 fields, got " + fields.length + " in '" + text + "'");
        }
        BitSet weekdays = field(fields[4], 0, 7);
        if (weekdays.get(7)) {
            weekdays.set(0);
        }
        return new CronExpression(String.join(" ", fields), field(fields[0], 0, 59), field(fields[1], 0, 23),
                field(fields[2], 1, 31), field(fields[3], 1, 12), weekdays);
    }

    /** Produces the first matching minute strictly after {@code after}. */
    public ZonedDateTime next(ZonedDateTime after) {
        ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (long i = 0; i < SEARCH_MINUTES; i++) {
            if (!months.get(t.getMonthValue()) || !dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                continue;
            }
            if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (minutes.get(t.getMinute())) {
                return t;
            }
            t = t.plusMinutes(1);
        }
        throw new IllegalArgumentException("cron expression '" + text + "' never fires");
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dayOfMonth = days.get(t.getDayOfMonth());
        boolean dayOfWeek = weekdays.get(t.getDayOfWeek().getValue() % 7);
        boolean anyDay = days.cardinality() == 31;
        boolean anyWeekday = weekdays.cardinality() == 8;
        if (anyDay || anyWeekday) {
            return dayOfMonth && dayOfWeek;
        }
        return dayOfMonth || dayOfWeek;
    }

    private static BitSet field(String field, int min, int max) {
        BitSet bits = new BitSet(max + 1);
        for (String part : field.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), 1, max, field);
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                from = number(range.substring(0, range.indexOf('-')), min, max, field);
                to = number(range.substring(range.indexOf('-') + 1), min, max, field);
            } else {
                from = number(range, min, max, field);
                to = slash >= 0 ? max : from;
            }
            if (from > to) {
                throw new IllegalArgumentException("empty range '" + part + "' in cron field '" + field + "'");
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String text, int min, int max, String field) {
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException(value + " is outside " + min + "-" + max + " in cron field '" + field + "'");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number in cron field '" + field + "'", e);
        }
    }
}
