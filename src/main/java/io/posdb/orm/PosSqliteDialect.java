package io.posdb.orm;

import java.sql.Types;
import org.hibernate.boot.model.TypeContributions;
import org.hibernate.community.dialect.SQLiteDialect;
import org.hibernate.service.ServiceRegistry;

/**
 * SQLite dialect of posdb, with the two type equivalences schema validation needs.
 *
 * <p>SQLite has no BIGINT or BOOLEAN storage class: every integer, including the
 * {@code INTEGER PRIMARY KEY} row id, is a signed 64-bit INTEGER, and the legacy schema
 * stores booleans in {@code INT} columns as 0/1. sqlite-jdbc therefore reports those
 * columns as {@link Types#INTEGER}, while the entities use {@code Long} ids and
 * {@code boolean} flags. Instead of turning validation off, this dialect states exactly
 * these two facts; every other mismatch (a missing column, text where a number is
 * expected, ...) still fails validation.
 *
 * <p>TIMESTAMP columns need nothing for validation: sqlite-jdbc reports them with the declared
 * type name {@code TIMESTAMP}, which Hibernate accepts by name. Their values are read and written as
 * the wall-clock time their text says, in no zone ({@link WallClockTimestampJdbcType}).
 */
public class PosSqliteDialect extends SQLiteDialect {

    @Override
    public void contributeTypes(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
        super.contributeTypes(typeContributions, serviceRegistry);
        typeContributions.contributeJdbcType(new WallClockTimestampJdbcType());
    }

    @Override
    public boolean equivalentTypes(int expected, int found) {
        return super.equivalentTypes(expected, found)
                || found == Types.INTEGER && (expected == Types.BIGINT || expected == Types.BOOLEAN);
    }
}
