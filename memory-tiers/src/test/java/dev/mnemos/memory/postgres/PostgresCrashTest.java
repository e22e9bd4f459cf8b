package dev.mnemos.memory.postgres;

import dev.mnemos.memory.conformance.CrashConformance;
import dev.mnemos.memory.conformance.StoreOpener;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL engine keeps every acknowledged step, and no partial one, when its JVM is killed with SIGKILL mid-stream. */
class PostgresCrashTest extends CrashConformance {

    private final PostgresSettings settings = LocalServers.postgres();

    @Override
    protected Class<? extends StoreOpener> opener() {
        return PostgresOpener.class;
    }

    @Override
    protected String address() {
        return settings.schema();
    }

    /** Fewer kills than the embedded engine: each child JVM boots Hibernate Reactive, seconds on two cores. */
    @Override
    protected int kills() {
        return 4;
    }

    @AfterEach
    void drop() {
        TestSchema.drop(settings);
    }
}
