package dev.mnemos.memory.sqlite;

import dev.mnemos.memory.conformance.CrashConformance;
import dev.mnemos.memory.conformance.StoreOpener;

/** The embedded engine survives SIGKILL in the middle of a stream of step commits. */
class SqliteCrashTest extends CrashConformance {

    @Override
    protected Class<? extends StoreOpener> opener() {
        return SqliteOpener.class;
    }

    @Override
    protected String address() {
        return workDirectory.resolve("mnemos.db").toString();
    }
}
