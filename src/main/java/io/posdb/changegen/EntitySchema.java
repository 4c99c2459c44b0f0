package io.posdb.changegen;

import io.posdb.orm.PosSqliteDialect;
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
import org.hibernate.dialect.Dialect;
import org.hibernate.mapping.CheckConstraint;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Index;
import org.hibernate.mapping.Table;
import org.hibernate.mapping.UniqueKey;

/**
 * The schema the entities want, read from Hibernate's own metamodel (the same mapping that
 * validates at boot), built without a database connection for a given dialect.
 */
final class EntitySchema implements AutoCloseable {

    private final StandardServiceRegistry registry;
    private final Metadata metadata;

    EntitySchema(List<Class<?>> entities, Class<? extends Dialect> dialect) {
        registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.DIALECT, dialect.getName())
                .applySetting("hibernate.boot.allow_jdbc_metadata_access", "false")
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "none")
                .build();
        MetadataSources sources = new MetadataSources(registry);
        entities.forEach(sources::addAnnotatedClass);
        metadata = sources.buildMetadata();
    }

    static EntitySchema sqlite(List<Class<?>> entities) {
        return new EntitySchema(entities, PosSqliteDialect.class);
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
}
