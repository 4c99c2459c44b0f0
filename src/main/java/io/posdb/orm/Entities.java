package io.posdb.orm;

import jakarta.persistence.Table;
import java.util.List;

/**
 * The entity classes Hibernate maps and validates, in one place. A new {@code @Entity} must be listed in
 * {@link #ALL}: Hibernate is given these classes, not a package to scan, so one left out is neither validated at
 * boot nor compared by bin/new-changeset, which refuses while there is such a class (and UnlistedEntitiesTest fails
 * the build).
 */
public final class Entities {

    public static final List<Class<?>> ALL =
            List.of(User.class, Category.class, Product.class, Sale.class, SaleItem.class);

    private Entities() {
    }

    /** The table an entity maps ({@code `user`} is quoted in its annotation for Hibernate: {@code user}). */
    public static String table(Class<?> entity) {
        return entity.getAnnotation(Table.class).name().replace("`", "");
    }
}
