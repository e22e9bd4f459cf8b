package dev.mnemos.memory.postgres;

import io.vertx.sqlclient.SqlConnectOptions;
import java.net.URI;
import java.util.Map;
import org.hibernate.reactive.pool.impl.DefaultSqlClientPoolConfiguration;

/**
 * Hibernate Reactive's pool configuration plus the session's {@code search_path}, sent in every
 * connection's startup message, so that entity SQL and native SQL alike name the engine's schema.
 * (Hibernate Reactive reads query parameters of the URL only when no user and password are set.)
 * Public only because Hibernate instantiates it by name.
 */
public final class SearchPathPoolConfiguration extends DefaultSqlClientPoolConfiguration {

    static final String SEARCH_PATH = "mnemos.postgres.search_path";

    private String searchPath;

    @Override
    public void configure(Map configuration) {
        super.configure(configuration);
        searchPath = (String) configuration.get(SEARCH_PATH);
    }

    @Override
    public SqlConnectOptions connectOptions(URI uri) {
        SqlConnectOptions options = super.connectOptions(uri);
        if (searchPath != null) {
            options.addProperty("search_path", searchPath);
        }
        return options;
    }
}
