package io.posdb.orm;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.service.ServiceRegistry;

/**
 * PostgreSQL's dialect as Hibernate detects it (the server's version read from the connection), with the entities'
 * times read and written as the wall-clock time a {@code timestamp} column holds, in no zone
 * ({@link WallClockTimestampJdbcType}): the driver, given no calendar, reads one in the JVM's default zone, and a
 * chain server's till in Berlin read '2025-03-30 02:30:00' as 03:30, the hour its zone skips.
 */
public class PosPostgresDialect extends PostgreSQLDialect {

    /** The oldest server version Hibernate supports, as its own no-argument constructor. */
    public PosPostgresDialect() {
    }

    /** The version the connection reports: how Hibernate builds a dialect it was named. */
    public PosPostgresDialect(DialectResolutionInfo info) {
        super(info);
    }

    @Override
    public void contributeTypes(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
        super.contributeTypes(typeContributions, serviceRegistry);
        typeContributions.contributeJdbcType(new WallClockTimestampJdbcType());
    }
}
