package io.posdb.changegen;

import io.posdb.database.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
import org.hibernate.mapping.Table;
import org.hibernate.mapping.UniqueKey;
import org.hibernate.service.UnknownUnwrapTypeException;

/**
 * The schema the entities want, read from Hibernate's own metamodel (the same mapping that
 * validates at boot), built without a database connection for a given engine.
 */
final class EntitySchema implements AutoCloseable {

    /** What PostgreSQL's JDBC driver reports as DatabaseMetaData.getDatabaseProductName(). */
    private static final String POSTGRESQL_PRODUCT_NAME = "PostgreSQL";

    private final StandardServiceRegistry registry;
    private final Metadata metadata;

    EntitySchema(List<Class<?>> entities, Engine engine) {
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
            // Hibernate infers its own dialect from the product name, as it would from a connection;
            // naming Hibernate's dialect is deprecated (HHH90000025). No version given: the dialect's
            // oldest supported one, the same as the dialect's no-argument constructor.
            settings.applySetting(AvailableSettings.JAKARTA_HBM2DDL_DB_NAME, POSTGRESQL_PRODUCT_NAME);
        }
        registry = settings.build();
        MetadataSources sources = new MetadataSources(registry);
        entities.forEach(sources::addAnnotatedClass);
        metadata = sources.buildMetadata();
    }

    static EntitySchema sqlite(List<Class<?>> entities) {
        return new EntitySchema(entities, Engine.SQLITE);
    }

    StandardServiceRegistry registry() {
        return registry;
    }

    Metadata metadata() {
        return metadata;
    }

    /** Table name → shape, in the entities' order. */
    Map<String, TableShape> tables() {
        Map<String, TableShape> tables = new LinkedHashMap<>();
        for (Table table : metadata.collectTableMappings()) {
            if (!table.isPhysicalTable()) {
                continue;
            }
            Map<String, ColumnShape> columns = new LinkedHashMap<>();
            List<IndexShape> indexes = new ArrayList<>();
            for (Column column : table.getColumns()) {
                String check = column.getCheckConstraints().stream().map(CheckConstraint::getConstraint)
                        .collect(Collectors.joining(" AND "));
                columns.put(column.getName(), new ColumnShape(column.getName(), column.getSqlType(metadata),
                        !column.isNullable() || table.getPrimaryKey() != null && table.getPrimaryKey().containsColumn(column),
                        column.getDefaultValue(), check.isEmpty() ? null : check));
                if (column.isUnique()) {
                    indexes.add(new IndexShape(null, List.of(column.getName()), true));
                }
            }
            for (UniqueKey key : table.getUniqueKeys().values()) {
                indexes.add(new IndexShape(key.isNameExplicit() ? key.getName() : null, names(key.getColumns()), true));
            }
            for (Index index : table.getIndexes().values()) {
                indexes.add(new IndexShape(index.getName(), names(index.getColumns()), index.isUnique()));
            }
            tables.put(table.getName(), new TableShape(table.getName(), columns, indexes));
        }
        return tables;
    }

    private static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::getName).toList();
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
