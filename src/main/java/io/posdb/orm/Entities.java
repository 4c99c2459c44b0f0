package io.posdb.orm;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Table;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * The entity classes Hibernate maps and validates, in one place. A new {@code @Entity} must be listed in
 * {@link #ALL}: Hibernate is given these classes, not a package to scan, so one left out is neither validated at
 * boot nor compared by bin/new-changeset, which refuses while there is such a class (and UnlistedEntitiesTest fails
 * the build).
 */
public final class Entities {

    public static final List<Class<?>> ALL =
            List.of(User.class, Category.class, Product.class, Sale.class, SaleItem.class);

    /** A column an entity maps to text, and the most characters its {@code @Column} allows. */
    public record TextColumn(String table, String column, int length) {
    }

    private Entities() {
    }

    /** The table an entity maps ({@code `user`} is quoted in its annotation for Hibernate: {@code user}). */
    public static String table(Class<?> entity) {
        return entity.getAnnotation(Table.class).name().replace("`", "");
    }

    /**
     * The most characters a field's column holds, when the entity maps it to text (a String, or a value a converter
     * stores as text: money, a role): its {@code @Column} length, which the changelog declares (VARCHAR(n)) and
     * PostgreSQL enforces, while SQLite keeps longer text. Empty for a field that is not a text column. The one
     * answer the doctor's data check and the transfer's refusal share.
     */
    public static OptionalInt textLength(Field field) {
        Column column = field.getAnnotation(Column.class);
        boolean text = field.getType() == String.class || field.isAnnotationPresent(Convert.class);
        return column != null && text ? OptionalInt.of(column.length()) : OptionalInt.empty();
    }

    /** Every text column of {@code table}'s entity ({@link #textLength}); none for a table no entity maps. */
    public static List<TextColumn> textColumns(String table) {
        return ALL.stream().filter(entity -> table(entity).equals(table))
                .flatMap(entity -> Arrays.stream(entity.getDeclaredFields()))
                .flatMap(field -> textLength(field).stream().mapToObj(length ->
                        new TextColumn(table, field.getAnnotation(Column.class).name(), length)))
                .toList();
    }
}
