package dev.mnemos.memory.postgres;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL engine on the local server in a schema of its own, for one test class: opened
 * before its first test, closed and dropped with everything in it after its last.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FreshSchema postgres = new FreshSchema();
 * }</pre>
 */
public final class FreshSchema implements BeforeAllCallback, AfterAllCallback {

    private PostgresSettings settings;
    private PostgresMemoryStore store;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (store == null) {
            settings = LocalServers.postgres();
            store = PostgresMemoryStore.open(settings);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // @Nested classes call back too; only the class that registered the extension closes it.
        if (store != null && context.getParent().flatMap(ExtensionContext::getParent).isEmpty()) {
            store.close();
            TestSchema.drop(settings);
            store = null;
        }
    }

    public PostgresSettings settings() {
        return settings;
    }

    public PostgresMemoryStore store() {
        return store;
    }
}
