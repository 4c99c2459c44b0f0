package io.posdb.testsupport;

import io.posdb.database.PostgresDatabase;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A new, empty database on the tests' server for each test, dropped after it
 * ({@code @RegisterExtension final FreshPostgresDatabase fresh = new FreshPostgresDatabase();}).
 * Skipped, saying so, without a server: see {@link PostgresServer}.
 */
public final class FreshPostgresDatabase implements BeforeEachCallback, AfterEachCallback {

    private PostgresDatabase database;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        database = PostgresServer.createDatabase();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        PostgresServer.drop(database);
        database = null;
    }

    public PostgresDatabase database() {
        return database;
    }
}
