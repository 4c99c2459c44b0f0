package io.posdb.migration.sqlite.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import liquibase.change.DatabaseChange;
import liquibase.database.core.PostgresDatabase;
import liquibase.database.core.SQLiteDatabase;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 §3: the guard classes registered with Liquibase are exactly the list's change types,
 * so the guard and lint (which reads the list) cannot drift apart again.
 */
class SqliteHazardListTest {

    /** This project's guard classes, as Liquibase's ServiceLocator reads them. */
    private static List<Class<?>> registeredGuards() throws Exception {
        List<Class<?>> guards = new ArrayList<>();
        for (URL services : Collections.list(SqliteHazardListTest.class.getClassLoader()
                .getResources("META-INF/services/liquibase.change.Change"))) {
            for (String line : read(services).split("\n")) {
                if (line.trim().startsWith(SqliteHazard.class.getPackageName() + ".")) {
                    guards.add(Class.forName(line.trim()));
                }
            }
        }
        return guards;
    }

    private static String read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theRegisteredGuardsAreExactlyTheListedChangeTypes() throws Exception {
        Set<String> guarded = new TreeSet<>();
        for (Class<?> guard : registeredGuards()) {
            guarded.add(guard.getAnnotation(DatabaseChange.class).name());
        }
        assertThat(guarded).isEqualTo(SqliteHazard.changeTypes());
    }

    @Test
    void everyRegisteredGuardRefusesOnSqliteWithTheListsAlternativeAndDefersElsewhere() throws Exception {
        for (Class<?> guard : registeredGuards()) {
            liquibase.change.Change change = (liquibase.change.Change) guard.getDeclaredConstructor().newInstance();
            SqliteHazard hazard = SqliteHazard.of(guard.getAnnotation(DatabaseChange.class).name()).orElseThrow();
            assertThat(change.validate(new SQLiteDatabase()).getErrorMessages()).as(guard.getName())
                    .containsExactly(hazard.refusal());
            assertThat(change.validate(new PostgresDatabase()).getErrorMessages()).as(guard.getName())
                    .noneMatch(message -> message.contains("refused on SQLite"));
        }
    }

    @Test
    void noChangeTypeIsBothAHazardAndSafe() {
        assertThat(SqliteHazard.changeTypes()).doesNotContainAnyElementsOf(SqliteHazard.SAFE_ON_SQLITE);
    }
}
