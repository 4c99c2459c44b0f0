package io.posdb.changegen.variants;

import io.posdb.orm.MoneyTextConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/**
 * category removed from product: drop-and-archive of a nullable column with a foreign key ({@code category_id
 * REFERENCES category (id) ON DELETE SET NULL}), marked for review. SaleItem refers to Product, so it comes with a
 * saleitem referring to this one.
 */
public final class ProductWithoutCategory {

    public static final List<Class<?>> ALL = Variants.replacing(Variants.replacing(io.posdb.orm.Product.class,
            Product.class), io.posdb.orm.SaleItem.class, SaleItem.class);

    private ProductWithoutCategory() {
    }

    @Entity(name = "ProductWithoutCategory")
    @Table(name = "product")
    public static class Product {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        private Long id;

        @Column(name = "sku", nullable = false, unique = true, length = 64)
        private String sku;

        @Column(name = "name", nullable = false, length = 255)
        private String name;

        @Convert(converter = MoneyTextConverter.class)
        @Column(name = "price", nullable = false, length = 40)
        private BigDecimal price;

        @Column(name = "stock", nullable = false)
        private int stock;

        @Column(name = "is_active", nullable = false)
        private boolean active;

        @Column(name = "created_at", nullable = false)
        private LocalDateTime createdAt;
    }

    @Entity(name = "SaleItemOfProductWithoutCategory")
    @Table(name = "saleitem")
    public static class SaleItem extends ProductRetyped.Item {
        @ManyToOne(fetch = FetchType.LAZY, optional = false)
        @JoinColumn(name = "product_id", nullable = false)
        private Product product;
    }
}
