package io.posdb.changegen.variants;

import io.posdb.orm.Entities;
import io.posdb.orm.SaleItem;
import java.util.ArrayList;
import java.util.List;

/** Entity lists built from the real one. */
public final class Variants {

    /** The real entities without SaleItem: a removed entity. */
    public static final List<Class<?>> WITHOUT_SALE_ITEM = replacing(SaleItem.class);

    private Variants() {
    }

    static List<Class<?>> replacing(Class<?> real, Class<?>... instead) {
        return replacing(Entities.ALL, real, instead);
    }

    static List<Class<?>> replacing(List<Class<?>> entities, Class<?> real, Class<?>... instead) {
        List<Class<?>> all = new ArrayList<>(entities);
        all.remove(real);
        all.addAll(List.of(instead));
        return List.copyOf(all);
    }
}
