/**
 * posdb's one front door (README: Code layout). An application on the module path sees
 * {@code io.posdb.api} and the types its signatures hand back (the failure type and its kinds, the
 * report records, the changelog and drift read models, the entities Hibernate maps) and nothing else:
 * the upgrade flow, the runner, the SQLite rebuild, lint, drift's internals, the generator and the
 * command line are not exported. The custom changes the changelog names are opened to Liquibase alone,
 * which instantiates them and sets their parameters by reflection; the entities are opened to
 * Hibernate, which reads their fields and builds proxies in their package. On the class path (the
 * shaded {@code posdb.jar}, {@code mvn liquibase:update}, surefire) this file changes nothing.
 */
module io.posdb {
    // Named in the exported signatures (DataSource, SessionFactory, HikariDataSource, SQLiteDataSource,
    // PosSqliteDialect's superclass) or by the custom changes an application's changelog may extend: transitive.
    requires transitive java.sql;
    requires transitive liquibase.core;
    requires transitive org.hibernate.orm.core;
    requires transitive org.hibernate.orm.community.dialects;
    requires transitive jakarta.persistence;
    requires transitive com.zaxxer.hikari;
    requires transitive org.slf4j;
    requires transitive org.xerial.sqlitejdbc;
    requires java.management;
    requires org.postgresql.jdbc;
    requires org.yaml.snakeyaml;
    requires com.fasterxml.jackson.databind;
    // The command line's own dependencies: optional in the pom, so optional here too.
    requires static info.picocli;
    requires static ch.qos.logback.classic;
    requires static ch.qos.logback.core;
    requires static jul.to.slf4j;
    requires static me.tongfei.progressbar;

    exports io.posdb.api;
    // What the api's signatures hand back: the one failure type and its kinds, the report records, the
    // changelog and drift read models, the database a settings object describes (TillDatabase, Engine),
    // the catalog's records (Compatibility, SchemaDifference) and the entities an application queries.
    exports io.posdb.failure;
    exports io.posdb.report;
    exports io.posdb.changelog;
    exports io.posdb.drift;
    exports io.posdb.database;
    exports io.posdb.schema;
    exports io.posdb.orm;

    // The custom-change catalogue (className: in changelog/changes/*.yaml, what the generator writes,
    // and the SQLite guard's package): Liquibase loads each by name, creates it and sets its parameters by
    // reflection. Opened to Liquibase only: an application does not call them.
    opens io.posdb.migration to liquibase.core;
    opens io.posdb.migration.data to liquibase.core, com.fasterxml.jackson.databind;
    opens io.posdb.migration.role to liquibase.core, com.fasterxml.jackson.databind;
    opens io.posdb.migration.rollback to liquibase.core;
    opens io.posdb.migration.sqlite to liquibase.core;
    opens io.posdb.migration.sqlite.guard to liquibase.core;
    // (end of the custom-change catalogue) bin/new-changeset --data adds its package above this line.

    // Hibernate reads and writes the entities' fields and defines its proxies in their package.
    opens io.posdb.orm to org.hibernate.orm.core;

    // Jackson writes and reads posdb's own records by reflection: the undo steps and run records an
    // upgrade stores, the effect cache, and the command line's --json results.
    opens io.posdb.api to com.fasterxml.jackson.databind;
    opens io.posdb.report to com.fasterxml.jackson.databind;
    opens io.posdb.changelog to com.fasterxml.jackson.databind;
    opens io.posdb.failure to com.fasterxml.jackson.databind;
    opens io.posdb.database to com.fasterxml.jackson.databind;
    opens io.posdb.schema to com.fasterxml.jackson.databind;
    opens io.posdb.drift to com.fasterxml.jackson.databind;
    opens io.posdb.doctor to com.fasterxml.jackson.databind;
    opens io.posdb.runner to com.fasterxml.jackson.databind;
    opens io.posdb.runs to com.fasterxml.jackson.databind;
    opens io.posdb.effect to com.fasterxml.jackson.databind;
    opens io.posdb.lint to com.fasterxml.jackson.databind;
    opens io.posdb.changegen to com.fasterxml.jackson.databind;
    opens io.posdb.transfer to com.fasterxml.jackson.databind;
    opens io.posdb.upgrade to com.fasterxml.jackson.databind;
    opens io.posdb.upgrade.postgres to com.fasterxml.jackson.databind;
    opens io.posdb.upgrade.sqlite to com.fasterxml.jackson.databind;
    opens io.posdb.cli to com.fasterxml.jackson.databind;

    // The packaged changelog, its manifests and the schema fingerprint: read through the class loader
    // (Liquibase's ClassLoaderResourceAccessor, ManifestFile, ExpectedFingerprint), which finds a named
    // module's resources only in the packages it opens.
    opens changelog;
    opens changelog.changes;

    // META-INF/services/liquibase.changelog.visitor.ValidatingVisitorGenerator, which a named module's
    // ServiceLoader ignores: the SQLite guard.
    provides liquibase.changelog.visitor.ValidatingVisitorGenerator with
            io.posdb.migration.sqlite.guard.SqliteHazardGuard;
}
