package io.posdb.orm;

import io.posdb.database.TillTimeText;
import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import org.hibernate.type.descriptor.ValueBinder;
import org.hibernate.type.descriptor.ValueExtractor;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.descriptor.jdbc.BasicBinder;
import org.hibernate.type.descriptor.jdbc.BasicExtractor;
import org.hibernate.type.descriptor.jdbc.TimestampJdbcType;

/**
 * An entity's {@link LocalDateTime} in a TIMESTAMP column (SQLite's text, a server's {@code timestamp}), read and
 * written as the wall-clock time the column holds ({@link TillTimeText#wallClock}), by both posdb dialects.
 * Hibernate's own type hands the driver no calendar, so sqlite-jdbc parses and formats the text, and pgjdbc reads a
 * timestamp, in the JVM's default zone: a till set to a zone with daylight saving read '2025-03-30 02:30:00'
 * (SQLite's CURRENT_TIMESTAMP, in UTC, at 04:30 Berlin time) as 03:30, the hour its zone skips, and wrote that back
 * with the row. Other Java types mapped to TIMESTAMP keep Hibernate's handling; {@code hibernate.jdbc.time_zone} is
 * not the fix, since it moves every time by the zone's offset.
 */
final class WallClockTimestampJdbcType extends TimestampJdbcType {

    @Override
    public <X> ValueBinder<X> getBinder(JavaType<X> javaType) {
        if (javaType.getJavaTypeClass() != LocalDateTime.class) {
            return super.getBinder(javaType);
        }
        return new BasicBinder<>(javaType, this) {
            @Override
            protected void doBind(PreparedStatement statement, X value, int index, WrapperOptions options)
                    throws SQLException {
                statement.setTimestamp(index, written(javaType, value, options), TillTimeText.wallClock());
            }

            @Override
            protected void doBind(CallableStatement statement, X value, String name, WrapperOptions options)
                    throws SQLException {
                statement.setTimestamp(name, written(javaType, value, options), TillTimeText.wallClock());
            }
        };
    }

    @Override
    public <X> ValueExtractor<X> getExtractor(JavaType<X> javaType) {
        if (javaType.getJavaTypeClass() != LocalDateTime.class) {
            return super.getExtractor(javaType);
        }
        return new BasicExtractor<>(javaType, this) {
            @Override
            protected X doExtract(ResultSet rs, int index, WrapperOptions options) throws SQLException {
                return read(javaType, rs.getTimestamp(index, TillTimeText.wallClock()), options);
            }

            @Override
            protected X doExtract(CallableStatement statement, int index, WrapperOptions options) throws SQLException {
                return read(javaType, statement.getTimestamp(index, TillTimeText.wallClock()), options);
            }

            @Override
            protected X doExtract(CallableStatement statement, String name, WrapperOptions options)
                    throws SQLException {
                return read(javaType, statement.getTimestamp(name, TillTimeText.wallClock()), options);
            }
        };
    }

    private static <X> Timestamp written(JavaType<X> javaType, X value, WrapperOptions options) {
        return TillTimeText.wallClockTimestamp(javaType.unwrap(value, LocalDateTime.class, options));
    }

    private static <X> X read(JavaType<X> javaType, Timestamp read, WrapperOptions options) {
        return read == null ? null : javaType.wrap(TillTimeText.wallClockTime(read), options);
    }
}
