package io.posdb.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.schema.SchemaCatalog.Column;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import io.posdb.testsupport.UnmappedObjects;
import io.posdb.testsupport.WalFiles;
import io.posdb.testsupport.WalFiles.JournalMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one catalog reads everything a till's file holds, owned by the changelog or made by hand,
 * and its one differ tells them apart: a hand-made object is "not in the changelog", never lost.
 */
@ExtendWith(QuietLogs.class)
class SchemaCatalogTest {

    @TempDir
    Path dir;

    /** Where {@link #bootedShop} boots a shop once per journal mode for the class. */
    @TempDir
    static Path prepared;
    private static final Map<JournalMode, Path> BOOTED = new EnumMap<>(JournalMode.class);

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void handMadeViewAndUntypedTableAreInTheCatalogAndTheDifferSaysTheChangelogDoesNotOwnThem(JournalMode mode)
            throws Exception {
        Path file = bootedShop("shop-" + mode + ".db", mode);
        Path untouched = dir.resolve("untouched-" + mode + ".db");
        Files.copy(file, untouched);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            statement.execute(UnmappedObjects.REPORTING_VIEW);
            statement.execute(UnmappedObjects.UNTYPED_TABLE);
        }

        SchemaCatalog live = read(file);
        assertThat(live.typed("view daily")).isInstanceOf(SchemaCatalog.View.class);
        assertThat(live.table("notes").columns()).extracting(Column::name, Column::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", ""), org.assertj.core.groups.Tuple.tuple("b", ""));
        assertThat(read(untouched).differencesFrom(live))
                .extracting(SchemaDifference::kind, SchemaDifference::text)
                .containsExactlyInAnyOrderElementsOf(UnmappedObjects.NOT_OWNED.stream()
                        .map(text -> org.assertj.core.groups.Tuple.tuple(SchemaDifference.Kind.NOT_IN_EXPECTED, text))
                        .toList());
    }

    @ParameterizedTest
    @EnumSource(JournalMode.class)
    void aCheckWidenedByHandIsOneChangedObjectNamingTheColumnAndBothExpressions(JournalMode mode) throws Exception {
        Path file = bootedShop("shop-" + mode + ".db", mode);
        SchemaCatalog before = read(file);
        assertThat(before.table("user").column("role").check()).as("the changelog's CHECK on user.role")
                .contains("'admin'", "'user'");

        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            // What a hand edit of the schema leaves: SQLite keeps a table's CHECKs only in its CREATE text.
            statement.execute("PRAGMA writable_schema = ON");
            statement.execute("UPDATE sqlite_schema SET sql = replace(sql, '''user''))', '''user'', ''staff''))') "
                    + "WHERE type = 'table' AND name = 'user'");
        }
        List<SchemaDifference> differences = before.differencesFrom(read(file));
        assertThat(differences).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(SchemaDifference.Kind.CHANGED);
            assertThat(d.object()).isEqualTo("CHECK on user.role");
            assertThat(d.actual()).contains("'staff'");
            assertThat(d.expected()).doesNotContain("'staff'");
        });
    }

    /**
     * The legacy shop booted (upgraded, validated) at {@code name} in the test's folder: a copy of the one booted
     * once per journal mode for the class (closed, its WAL checkpointed into the file, which names no folder). The
     * boot is the tests' starting point; what they test is the catalog read from it.
     */
    /**
     * Each difference names the object's kind and name, its label their words, with the table it is, is part of or
     * is on:
     * what {@code posdb drift --json} gives for every object of a booted shop (its tables found as not in the
     * changelog, then their parts against the same tables bare).
     */
    @org.junit.jupiter.api.Test
    void everyObjectOfABootedShopReadsAsItsKindNameAndTable() throws Exception {
        SchemaCatalog booted = read(bootedShop("kinds.db", JournalMode.DELETE));
        SchemaCatalog bareTables = SchemaCatalog.of(booted.tables().values().stream().map(table ->
                new SchemaCatalog.Table(table.name(), List.of(), List.of(), List.of(), List.of(), List.of(), null))
                .toList(), List.of());
        List<SchemaDifference> differences = new java.util.ArrayList<>(
                SchemaCatalog.of(List.of(), List.of()).differencesFrom(booted));
        differences.addAll(bareTables.differencesFrom(booted));

        assertThat(differences).extracting(SchemaDifference::object)
                .containsAll(booted.objects().stream().map(SchemaObject::label).toList());
        for (SchemaDifference d : differences) {
            assertThat(d.object()).as("the label is its kind and its name")
                    .startsWithIgnoringCase(d.objectKind().text()).endsWith(" " + d.name());
            if (d.objectKind() != SchemaObject.Kind.VIEW) {
                assertThat(booted.table(d.table())).as("the table of %s: %s", d.object(), d.table()).isNotNull();
            }
        }
        assertThat(differences).filteredOn(d -> d.objectKind() == SchemaObject.Kind.COLUMN).isNotEmpty().allSatisfy(d ->
                assertThat(booted.table(d.table()).column(d.name().substring(d.table().length() + 1)))
                        .as("a column's name is table.column: %s", d.name()).isNotNull());
    }

    private Path bootedShop(String name, JournalMode mode) throws Exception {
        Path booted = BOOTED.get(mode);
        if (booted == null) {
            booted = WalFiles.shop(prepared.resolve("booted-" + mode + ".db"), mode);
            PosDatabase.boot(PosDatabaseSettings.sqlite(booted).build()).close();
            assertThat(WalFiles.sideFiles(booted)).as("closed, its WAL checkpointed into the file").isEmpty();
            BOOTED.put(mode, booted);
        }
        return Files.copy(booted, dir.resolve(name));
    }

    private static SchemaCatalog read(Path file) throws Exception {
        try (Connection connection = LegacyDatabases.open(file)) {
            return SchemaCatalog.read(connection);
        }
    }
}
