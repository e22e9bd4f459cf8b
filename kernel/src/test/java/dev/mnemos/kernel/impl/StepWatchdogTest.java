package dev.mnemos.kernel.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.kernel.event.StepRef;
import dev.mnemos.memory.AgentKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class StepWatchdogTest {

    @Test
    void should_warn_once_about_a_step_when_it_overruns_its_budget() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(StepWatchdog.class.getName());
        logger.addHandler(handler);
        try {
            var watchdog = new StepWatchdog(Duration.ofMillis(20));
            var slow = new StepRef(new AgentKey("acme", "sam"), "step-slow", "slow", 1);
            var quick = new StepRef(new AgentKey("acme", "sam"), "step-quick", "quick", 1);
            watchdog.started(slow);
            watchdog.started(quick);
            watchdog.ended(quick);

            watchdog.check();
            Thread.sleep(40);
            watchdog.check();
            watchdog.check();

            assertThat(warnings).singleElement().satisfies(w -> assertThat(w).startsWith("step step-slow of acme/sam has run").contains("over its budget of 20 ms"));
        } finally {
            logger.removeHandler(handler);
        }
    }
}
