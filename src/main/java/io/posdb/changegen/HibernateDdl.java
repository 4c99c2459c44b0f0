package io.posdb.changegen;

import io.posdb.database.Engine;
import io.posdb.schema.SchemaCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.boot.Metadata;
import org.hibernate.mapping.Column;
import org.hibernate.tool.schema.spi.SchemaManagementToolCoordinator;

/**
 * The CREATE statements Hibernate's schema tooling writes for the entities (its
 * "scripts" action, no database touched), per dialect. SQLite cannot add a foreign key
 * after the fact and Hibernate's SQLite dialect therefore leaves them out; they are put
 * into the CREATE TABLE here, from the metamodel's foreign keys, with their ON DELETE.
 */
final class HibernateDdl {

    private final List<String> statements;
    private final Metadata metadata;
    /** The entities' columns with the types this dialect gives them, the ones its CREATE TABLE writes. */
    private final SchemaCatalog columns;
    private final boolean sqlite;

    HibernateDdl(List<Class<?>> entities, Engine engine, Path scratchDir) {
        try (EntitySchema schema = EntitySchema.of(entities, engine)) {
            metadata = schema.metadata();
            sqlite = engine == Engine.SQLITE;
            columns = schema.catalog();
            Path script = scratchDir.resolve("hibernate-" + engine.dbms() + ".sql");
            Files.deleteIfExists(script);
            SchemaManagementToolCoordinator.process(metadata, schema.registry(), Map.of(
                    "jakarta.persistence.schema-generation.scripts.action", "create",
                    "jakarta.persistence.schema-generation.scripts.create-target", script.toString(),
                    "hibernate.hbm2ddl.delimiter", ";"), action -> { });
            statements = Files.readAllLines(script).stream().filter(line -> !line.isBlank())
                    .map(line -> line.strip().replaceAll(";$", "")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write Hibernate's DDL script into " + scratchDir, e);
        }
    }

    /** The statements that create {@code table}: the table, then its indexes and (PostgreSQL) foreign keys. */
    List<String> createTable(String table) {
        List<String> mine = new ArrayList<>();
        String name = "(\"?" + Pattern.quote(table) + "\"?)";
        for (String statement : statements) {
            if (statement.matches("(?i)create table " + name + " \\(.*")) {
                mine.add(0, sqlite ? withForeignKeys(statement, table) : statement);
            } else if (statement.matches("(?i)(create (unique )?index .* on " + name + "[ (].*|alter table (if exists )?"
                    + name + " .*)")) {
                mine.add(statement);
            }
        }
        return mine;
    }

    /**
     * The type of the entities' column {@code table.column} in this dialect's words, upper case: what its CREATE
     * TABLE gives the column (PostgreSQL's {@code FLOAT(53)}, {@code BYTEA}, {@code UUID}, {@code TIMESTAMP(6)
     * WITH TIME ZONE} where SQLite's dialect says {@code FLOAT}, {@code BLOB}, {@code TIMESTAMP}), for a column
     * added to or retyped in a table that exists.
     */
    String columnType(String table, String column) {
        return columns.table(table).column(column).type().toUpperCase(Locale.ROOT);
    }

    private String withForeignKeys(String create, String tableName) {
        String references = metadata.collectTableMappings().stream().filter(table -> table.getName().equals(tableName))
                .flatMap(table -> table.getForeignKeyCollection().stream())
                .map(key -> ", foreign key (" + key.getColumns().stream().map(Column::getQuotedName)
                        .collect(Collectors.joining(", ")) + ") references " + key.getReferencedTable().getQuotedName()
                        + onDelete(key.getOnDeleteAction()))
                .collect(Collectors.joining());
        return create.substring(0, create.lastIndexOf(')')) + references + ")";
    }

    /**
     * The key's ON DELETE as the entity's {@code @OnDelete} says it, in Hibernate's words ({@code on delete cascade}),
     * as its PostgreSQL DDL writes it: SQLite's foreign keys cannot be added later, so a new table keeps its action
     * only here. None declared, none written (SQL's NO ACTION).
     */
    private static String onDelete(OnDeleteAction action) {
        String declared = EntitySchema.onDelete(action);
        return declared == null ? "" : " on delete " + declared.toLowerCase(Locale.ROOT);
    }
}
