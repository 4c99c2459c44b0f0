package io.posdb.changegen.variants;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import java.util.List;

/**
 * stock removed from product (the tester's 2.1): drop-and-archive of a column that is NOT NULL with a default
 * ({@code INTEGER DEFAULT 0}), marked for review. SaleItem refers to Product, so it comes with a saleitem referring
 * to this one.
 */
public final class ProductWithoutStock {

    public static final List<Class<?>> ALL = Variants.replacing(Variants.replacing(io.posdb.orm.Product.class,
            Product.class), io.posdb.orm.SaleItem.class, SaleItem.class);

    private ProductWithoutStock() {
    }

    @Entity(name = "ProductWithoutStock")
    @Table(name = "product")
    public static class Product extends ProductRetyped.Unchanged {
        @Column(name = "is_active", nullable = false)
        private boolean active;

        @Column(name = "created_at", nullable = false)
        private LocalDateTime createdAt;
    }

    @Entity(name = "SaleItemOfProductWithoutStock")
    @Table(name = "saleitem")
    public static class SaleItem extends ProductRetyped.Item {
        @ManyToOne(fetch = FetchType.LAZY, optional = false)
        @JoinColumn(name = "product_id", nullable = false)
        private Product product;
    }
}
