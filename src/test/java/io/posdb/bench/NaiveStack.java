package io.posdb.bench;

import io.posdb.changelog.ChangelogLocation;
import io.posdb.database.Engine;
import io.posdb.database.SqliteDatabase;
import io.posdb.orm.HibernateSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import liquibase.Liquibase;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.hibernate.SessionFactory;

/**
 * The naive startup the benchmark compares posdb's boot with: a plain Liquibase update of
 * the same changelog, then a plain SessionFactory in validate mode. No plan, no manifest,
 * no lock file, no snapshot. Usage: {@code NaiveStack DATABASE}.
 */
public final class NaiveStack {

    private NaiveStack() {
    }

    public static void main(String[] args) throws Exception {
        SqliteDatabase database = SqliteDatabase.at(Path.of(args[0]));
        try (Connection connection = database.open()) {
            new Liquibase(ChangelogLocation.MASTER, new ClassLoaderResourceAccessor(),
                    DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection)))
                    .update("");
        }
        try (SessionFactory ignored = HibernateSchema.buildValidated(database.dataSource(), Engine.SQLITE, Map.of())) {
            System.err.println("naive stack ready");
        }
    }
}
