package dev.mnemos.memory.postgres;

import java.util.List;
import org.hibernate.cfg.Configuration;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.provider.ReactiveServiceRegistryBuilder;

/** Builds the Hibernate Reactive session factory of the engine: standalone, no hbm2ddl (the schema is {@link Migrations}' job). */
final class PostgresSessions {

    private static final List<Class<?>> ENTITIES = List.of(
            AgentRow.class, BlockRow.class, BlockVersionRow.class, MessageRow.class,
            PassageRow.class, PassageTagRow.class, InterruptRow.class, StepRow.class);

    private PostgresSessions() {}

    static Mutiny.SessionFactory open(PostgresSettings settings) {
        Configuration configuration = new Configuration();
        ENTITIES.forEach(configuration::addAnnotatedClass);
        configuration.setProperty("hibernate.connection.url", settings.url());
        configuration.setProperty("hibernate.connection.username", settings.user());
        configuration.setProperty("hibernate.connection.password", settings.password());
        configuration.setProperty("hibernate.connection.pool_size", Integer.toString(settings.poolSize()));
        configuration.setProperty("hibernate.vertx.pool.configuration_class", SearchPathPoolConfiguration.class.getName());
        configuration.setProperty(SearchPathPoolConfiguration.SEARCH_PATH, settings.searchPath());
        configuration.setProperty("hibernate.hbm2ddl.auto", "none");
        configuration.setProperty("hibernate.jdbc.batch_size", "50");
        configuration.setProperty("hibernate.order_inserts", "true");
        configuration.setProperty("hibernate.show_sql", Boolean.toString(Boolean.getBoolean("mnemos.postgres.show-sql")));
        return configuration.buildSessionFactory(new ReactiveServiceRegistryBuilder()
                        .applySettings(configuration.getProperties())
                        .build())
                .unwrap(Mutiny.SessionFactory.class);
    }
}
