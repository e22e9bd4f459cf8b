package dev.mnemos.kernel.interrupt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronExpressionTest {

    private static ZonedDateTime at(String text) {
        return ZonedDateTime.parse(text + "Z[UTC]");
    }

    @Test
    void should_skip_the_weekend_when_the_schedule_is_on_workdays() {
        var workdays = CronExpression.parse("0 9 * * 1-5");

        assertThat(workdays.next(at("2024-05-03T10:00:00"))).isEqualTo(at("2024-05-06T09:00:00"));
        assertThat(workdays.next(at("2024-05-06T08:59:30"))).isEqualTo(at("2024-05-06T09:00:00"));
    }

    @Test
    void should_step_through_the_hour_when_a_field_has_a_step() {
        var quarter = CronExpression.parse("*/15 * * * *");

        assertThat(quarter.next(at("2024-05-03T10:00:00"))).isEqualTo(at("2024-05-03T10:15:00"));
        assertThat(quarter.next(at("2024-05-03T10:59:00"))).isEqualTo(at("2024-05-03T11:00:00"));
    }

    @Test
    void should_match_either_day_field_when_both_are_restricted() {
        var firstOrSunday = CronExpression.parse("30 6 1 * 0");

        assertThat(firstOrSunday.next(at("2024-05-01T07:00:00"))).isEqualTo(at("2024-05-05T06:30:00"));
        assertThat(firstOrSunday.next(at("2024-05-26T07:00:00"))).isEqualTo(at("2024-06-01T06:30:00"));
    }

    @Test
    void should_find_the_29th_of_february_when_asked_for_it() {
        assertThat(CronExpression.parse("0 0 29 2 *").next(at("2024-03-01T00:00:00"))).isEqualTo(at("2028-02-29T00:00:00"));
    }

    @Test
    void should_refuse_an_expression_when_a_field_is_out_of_range_or_missing() {
        assertThatThrownBy(() -> CronExpression.parse("60 * * * *")).hasMessageContaining("60 is outside 0-59");
        assertThatThrownBy(() -> CronExpression.parse("* * *")).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> CronExpression.parse("a * * * *")).hasMessageContaining("'a' is not a number");
        assertThatThrownBy(() -> CronExpression.parse("0 0 31 2 *").next(at("2024-01-01T00:00:00"))).hasMessageContaining("never fires");
    }

    @Test
    void should_read_back_a_recurrence_when_it_was_written_as_text() {
        var cron = Recurrence.Cron.of("0 9 * * 1-5", ZoneId.of("Europe/Paris"));

        assertThat(Recurrence.parse(cron.text())).isEqualTo(cron);
        assertThat(Recurrence.parse(new Recurrence.Every(java.time.Duration.ofMinutes(5)).text()))
                .isEqualTo(new Recurrence.Every(java.time.Duration.ofMinutes(5)));
        assertThat(cron.next(at("2024-05-06T06:00:00").toInstant())).isEqualTo(at("2024-05-06T07:00:00").toInstant());
    }
}
