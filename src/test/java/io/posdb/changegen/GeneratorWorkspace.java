package io.posdb.changegen;

import io.posdb.orm.PosSqliteDialect;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.Changelogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import liquibase.Liquibase;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.sqlite.SQLiteDataSource;

/**
 * A copy of the repository's changelog in a temporary root, for the generator to write
 * into, and the real Liquibase and Hibernate runs on it (the repository is never touched).
 */
final class GeneratorWorkspace {

    final Path root;

    private GeneratorWorkspace(Path root) {
        this.root = root;
    }

    static GeneratorWorkspace copyOfTheChangelog(Path dir) throws Exception {
        Path source = Path.of("changelog").toAbsolutePath();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = dir.resolve("changelog").resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        // The generator labels what it writes with the pom's release: the project as it is while that is built.
        Changelogs.whileItsReleaseIsBuilt(dir.resolve("changelog"));
        return new GeneratorWorkspace(dir);
    }

    /** The id the generator gives the next changeset named {@code name}. */
    String nextId(String name) throws Exception {
        return new MasterChangelog(root).nextId(name);
    }

    /** The number after a changeset id's: {@code 0012-x} → {@code 0013}. */
    String numberAfter(String id) {
        return String.format(java.util.Locale.ROOT, "%04d", Integer.parseInt(id.substring(0, 4)) + 1);
    }

    ChangesetGenerator.Outcome generate(String name, List<Class<?>> entities) throws Exception {
        return new ChangesetGenerator(root, entities, "test").generate(name);
    }

    void update(Connection connection) throws Exception {
        try {
            ChangelogSteps.quietly(() -> liquibase(connection).update(""));
        } finally {
            autoCommitAgain(connection);
        }
    }

    void rollback(Connection connection, int count) throws Exception {
        try {
            ChangelogSteps.quietly(() -> liquibase(connection).rollback(count, ""));
        } finally {
            autoCommitAgain(connection);
        }
    }

    /** Liquibase leaves the connection in manual commit; the test's own statements must commit by themselves. */
    private static void autoCommitAgain(Connection connection) throws Exception {
        if (!connection.getAutoCommit()) {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    private Liquibase liquibase(Connection connection) throws Exception {
        return new Liquibase("changelog/db.changelog-master.yaml", new DirectoryResourceAccessor(root),
                DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection)));
    }

    static Connection sqlite(Path file) throws Exception {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        connection.createStatement().execute("PRAGMA foreign_keys = ON");
        return connection;
    }

    /** Hibernate's validation (never off) of these entities against the SQLite file. */
    static void validateSqlite(Path file, List<Class<?>> entities) {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file);
        validate(dataSource, entities, PosSqliteDialect.class.getName());
    }

    static void validate(DataSource dataSource, List<Class<?>> entities, String dialect) {
        Configuration configuration = new Configuration();
        entities.forEach(configuration::addAnnotatedClass);
        configuration.setProperty(AvailableSettings.HBM2DDL_AUTO, "validate");
        if (dialect != null) {
            configuration.setProperty(AvailableSettings.DIALECT, dialect);
        }
        configuration.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
        configuration.buildSessionFactory().close();
    }
}
