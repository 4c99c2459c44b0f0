package io.posdb.orm;

import io.posdb.database.Engine;
import io.posdb.failure.Causes;
import io.posdb.failure.FailureReason;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.hibernate.tool.schema.JdbcMetadataAccessStrategy;
import org.hibernate.tool.schema.spi.SchemaManagementException;

/**
 * Builds Hibernate's SessionFactory with {@code hbm2ddl.auto=validate}: Hibernate never
 * creates or alters the schema (the changelog owns it), it only proves the entities and
 * the tables agree. A disagreement throws, naming the table and the column.
 */
public final class HibernateSchema {

    private HibernateSchema() {
    }

    /**
     * The SessionFactory on the given connections (the application's pool), with extra
     * properties of the application's; posdb's own settings below are applied last and win.
     */
    public static SessionFactory buildValidated(DataSource dataSource, Engine engine, Map<String, String> extra) {
        Configuration configuration = new Configuration();
        Entities.ALL.forEach(configuration::addAnnotatedClass);
        extra.forEach(configuration::setProperty);
        posdbProperties(engine).forEach(configuration::setProperty);
        configuration.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
        return configuration.buildSessionFactory();
    }

    /**
     * posdb's own Hibernate settings for an engine, applied last over any other: the schema is
     * only validated, the dialect is posdb's, and on SQLite the metadata reading is too. One list, so
     * that a framework building Hibernate itself (Spring Boot's JPA, through the api) applies
     * exactly what {@link #buildValidated} does.
     */
    public static Map<String, String> posdbProperties(Engine engine) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(AvailableSettings.HBM2DDL_AUTO, "validate");
        // Hibernate obeys JPA's action ahead of hbm2ddl.auto, from wherever it comes (a system property, a
        // hibernate.properties on the class path, a framework's settings, its javax.persistence twin): set by
        // posdb too, to the same validate (Hibernate's extension of JPA's words), no drop-and-create wipes a shop.
        properties.put(AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, "validate");
        // posdb's own on both engines (see PosSqliteDialect, PosPostgresDialect: the entities' times are read in no
        // zone); PostgreSQL's still takes the server's version from the connection.
        properties.put(AvailableSettings.DIALECT, engine.dialectClassName());
        if (engine == Engine.SQLITE) {
            // Read the mapped tables only, one by one. The default ("grouped") reads every table and
            // view of the file first, and Hibernate cannot read a column without a declared type
            // (a view's computed column, a hand-made "CREATE TABLE notes(a, b)"): an object the
            // entities do not map would stop the till. Drift reports such objects instead. On
            // PostgreSQL every column has a type, and one catalog query beats one per table.
            properties.put(AvailableSettings.HBM2DDL_JDBC_METADATA_EXTRACTOR_STRATEGY,
                    JdbcMetadataAccessStrategy.INDIVIDUALLY.toString());
        }
        return properties;
    }

    /**
     * The message of the first cause that says what disagrees (Hibernate's schema
     * validation names the table and the column), instead of a wrapper's; otherwise the
     * first reason in the causes, never {@code null}.
     */
    public static String describe(Throwable error) {
        return Causes.first(error, SchemaManagementException.class).map(Throwable::getMessage)
                .orElseGet(() -> FailureReason.of(error));
    }
}
