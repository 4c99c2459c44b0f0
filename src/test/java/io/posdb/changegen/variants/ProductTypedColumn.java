package io.posdb.changegen.variants;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

/**
 * product with one new nullable column of one basic Java type each, on columns no release adds ({@code test_…}):
 * the types whose name SQLite's dialect and PostgreSQL's differ on ({@code double} and {@code float(53)},
 * {@code blob} and {@code bytea}, a timestamp with or without its time zone). Each is a small extra entity on
 * the table, as {@link UserEmail} is; {@link #with} gives the entity list.
 */
public final class ProductTypedColumn {

    private ProductTypedColumn() {
    }

    /** The real entities and {@code extra}, one of the classes below. */
    public static List<Class<?>> with(Class<?> extra) {
        return UserEmail.with(extra);
    }

    /** The values of {@link Sized}. */
    public enum Size { SMALL, LARGE }

    @Entity(name = "ProductDouble")
    @Table(name = "product")
    public static class Doubled {
        @Id
        private Long id;
        @Column(name = "test_double")
        private Double value;
    }

    @Entity(name = "ProductFloat")
    @Table(name = "product")
    public static class Floated {
        @Id
        private Long id;
        @Column(name = "test_float")
        private Float value;
    }

    @Entity(name = "ProductBoolean")
    @Table(name = "product")
    public static class Flagged {
        @Id
        private Long id;
        @Column(name = "test_flag")
        private Boolean value;
    }

    @Entity(name = "ProductBytes")
    @Table(name = "product")
    public static class Bytes {
        @Id
        private Long id;
        @Column(name = "test_bytes")
        private byte[] value;
    }

    @Entity(name = "ProductLocalDate")
    @Table(name = "product")
    public static class Dated {
        @Id
        private Long id;
        @Column(name = "test_day")
        private LocalDate value;
    }

    @Entity(name = "ProductLocalDateTime")
    @Table(name = "product")
    public static class Timed {
        @Id
        private Long id;
        @Column(name = "test_local_time")
        private LocalDateTime value;
    }

    @Entity(name = "ProductInstant")
    @Table(name = "product")
    public static class Instanted {
        @Id
        private Long id;
        @Column(name = "test_instant")
        private Instant value;
    }

    @Entity(name = "ProductUuid")
    @Table(name = "product")
    public static class Identified {
        @Id
        private Long id;
        @Column(name = "test_uuid")
        private UUID value;
    }

    @Entity(name = "ProductEnum")
    @Table(name = "product")
    public static class Sized {
        @Id
        private Long id;
        @Enumerated(EnumType.STRING)
        @Column(name = "test_size")
        private Size value;
    }
}
