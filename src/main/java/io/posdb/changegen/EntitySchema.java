package io.posdb.changegen;

import io.posdb.database.Engine;
import io.posdb.schema.SchemaCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.JdbcSettings;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.mapping.CheckConstraint;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Index;
import org.hibernate.mapping.Selectable;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.UniqueKey;
import org.hibernate.service.UnknownUnwrapTypeException;

/**
 * The schema the entities want, read from Hibernate's own metamodel (the same mapping that
 * validates at boot), built without a database connection for a given engine.
 */
record EntitySchema(StandardServiceRegistry registry, Metadata metadata) implements AutoCloseable {

    static EntitySchema of(List<Class<?>> entities, Engine engine) {
        StandardServiceRegistryBuilder settings = new StandardServiceRegistryBuilder()
                // No database is read: the metamodel (and HibernateDdl's script) come from the entities.
                .applySetting(JdbcSettings.ALLOW_METADATA_ON_BOOT, false)
                // Said to Hibernate too, which otherwise warns that it found no way to connect (HHH102003).
                .applySetting(JdbcSettings.CONNECTION_PROVIDER, new NoConnections())
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "none");
        if (engine == Engine.SQLITE) {
            // PosSqliteDialect is posdb's own: Hibernate finds it only by its name.
            settings.applySetting(AvailableSettings.DIALECT, engine.dialectClassName());
        } else {
            // Hibernate infers its own dialect from the product name (what PostgreSQL's JDBC driver
            // reports as getDatabaseProductName()), as it would from a connection;
            // naming Hibernate's dialect is deprecated (HHH90000025). No version given: the dialect's
            // oldest supported one, the same as the dialect's no-argument constructor.
            settings.applySetting(AvailableSettings.JAKARTA_HBM2DDL_DB_NAME, "PostgreSQL");
        }
        StandardServiceRegistry registry = settings.build();
        MetadataSources sources = new MetadataSources(registry);
        entities.forEach(sources::addAnnotatedClass);
        return new EntitySchema(registry, sources.buildMetadata());
    }

    /**
     * The schema the entities declare, in the one catalog's model (tables in the entities' order):
     * columns with their SQL type, NOT NULL (a primary key's included), default and CHECK; unique
     * columns and unique keys as unique constraints; foreign keys (columns and the table they refer to); indexes.
     */
    SchemaCatalog catalog() {
        List<SchemaCatalog.Table> tables = new ArrayList<>();
        List<SchemaCatalog.Index> indexes = new ArrayList<>();
        for (Table table : metadata.collectTableMappings()) {
            if (!table.isPhysicalTable()) {
                continue;
            }
            List<SchemaCatalog.Column> columns = new ArrayList<>();
            List<List<String>> unique = new ArrayList<>();
            for (Column column : table.getColumns()) {
                String check = column.getCheckConstraints().stream().map(CheckConstraint::getConstraint)
                        .collect(Collectors.joining(" AND "));
                columns.add(new SchemaCatalog.Column(column.getName(), column.getSqlType(metadata),
                        !column.isNullable(), column.getDefaultValue(), check.isEmpty() ? null : check));
                if (column.isUnique()) {
                    unique.add(List.of(column.getName()));
                }
            }
            for (UniqueKey key : table.getUniqueKeys().values()) {
                unique.add(names(key.getColumns()));
            }
            for (Index index : table.getIndexes().values()) {
                indexes.add(new SchemaCatalog.Index(index.getName(), table.getName(), names(index.getSelectables()),
                        index.isUnique(), null));
            }
            // The entities say which columns refer to which table, and an ON DELETE action only where the mapping
            // says one (@OnDelete): what a new column's REFERENCES clause is written with, and what replaces the
            // changelog's SET NULL on a column made NOT NULL (SchemaDiff's withoutSetNull). The changelog's actions
            // are compared by drift, not here (asEntitiesDeclareIt leaves them out).
            List<SchemaCatalog.ForeignKey> foreignKeys = table.getForeignKeyCollection().stream()
                    .map(key -> new SchemaCatalog.ForeignKey(names(key.getColumns()), key.getReferencedTable().getName(),
                            names(key.isReferenceToPrimaryKey() ? key.getReferencedTable().getPrimaryKey().getColumns()
                                    : key.getReferencedColumns()), onDelete(key.getOnDeleteAction()), null)).toList();
            List<String> primaryKey = table.getPrimaryKey() == null ? List.of() : names(table.getPrimaryKey().getColumns());
            tables.add(new SchemaCatalog.Table(table.getName(), columns, primaryKey, unique, List.of(), foreignKeys,
                    null));
        }
        return SchemaCatalog.of(tables, indexes);
    }

    /** An ON DELETE action in SQL's words ({@code SET NULL}); null for none declared (SQL's default, NO ACTION). */
    static String onDelete(OnDeleteAction action) {
        return action == null || action == OnDeleteAction.NO_ACTION ? null : action.name().replace('_', ' ');
    }

    /** The column names of a key or an index (an index on an expression is named by its SQL). */
    private static List<String> names(List<? extends Selectable> selectables) {
        return selectables.stream().map(s -> s instanceof Column column ? column.getName() : s.getText()).toList();
    }

    @Override
    public void close() {
        StandardServiceRegistryBuilder.destroy(registry);
    }

    /** The connections of a metamodel built without a database: there are none to give. */
    private static final class NoConnections implements ConnectionProvider {

        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLFeatureNotSupportedException("bin/new-changeset reads no database through Hibernate");
        }

        @Override
        public void closeConnection(Connection connection) {
        }

        @Override
        public boolean supportsAggressiveRelease() {
            return false;
        }

        @Override
        public boolean isUnwrappableAs(Class<?> type) {
            return false;
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new UnknownUnwrapTypeException(type);
        }
    }
}
