package io.posdb.orm;

import java.util.List;

/** The entity classes Hibernate maps and validates, in one place. */
public final class Entities {

    public static final List<Class<?>> ALL =
            List.of(User.class, Category.class, Product.class, Sale.class, SaleItem.class);

    private Entities() {
    }
}
