package io.posdb.changegen.variants;

import io.posdb.orm.Category;
import io.posdb.orm.MoneyTextConverter;
import io.posdb.orm.Product;
import io.posdb.orm.Sale;
import io.posdb.orm.SaleItem;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/**
 * product with one column that has a default retyped across PostgreSQL's kinds of type: stock ({@code INTEGER
 * DEFAULT 0}) becoming a {@code boolean}, is_active ({@code BOOLEAN DEFAULT TRUE}) an {@code int}, created_at
 * ({@code TIMESTAMP DEFAULT CURRENT_TIMESTAMP}) a {@code long}. SaleItem refers to Product, so each comes with a
 * saleitem referring to it (same table, same columns); each {@code …_ALL} is the entity list.
 */
public final class ProductRetyped {

    public static final List<Class<?>> STOCK_AS_FLAG_ALL = with(StockAsFlag.class, ItemOfStockAsFlag.class);
    public static final List<Class<?>> ACTIVE_AS_NUMBER_ALL = with(ActiveAsNumber.class, ItemOfActiveAsNumber.class);
    public static final List<Class<?>> CREATED_AT_AS_NUMBER_ALL = with(CreatedAtAsNumber.class,
            ItemOfCreatedAtAsNumber.class);

    private ProductRetyped() {
    }

    private static List<Class<?>> with(Class<?> product, Class<?> saleItem) {
        return Variants.replacing(Variants.replacing(Product.class, product), SaleItem.class, saleItem);
    }

    /** product's columns that every variant keeps as they are. */
    @MappedSuperclass
    public abstract static class Unchanged {
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

        @ManyToOne(fetch = FetchType.LAZY)
        @JoinColumn(name = "category_id")
        private Category category;
    }

    /** saleitem's columns, but for the product it refers to. */
    @MappedSuperclass
    public abstract static class Item {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        private Long id;

        @Column(name = "quantity", nullable = false)
        private int quantity;

        @Convert(converter = MoneyTextConverter.class)
        @Column(name = "unit_price", nullable = false, length = 40)
        private BigDecimal unitPrice;

        @ManyToOne(fetch = FetchType.LAZY, optional = false)
        @JoinColumn(name = "sale_id", nullable = false)
        private Sale sale;
    }

    @Entity(name = "ProductStockAsFlag")
    @Table(name = "product")
    public static class StockAsFlag extends Unchanged {
        @Column(name = "stock", nullable = false)
        private boolean stock;

        @Column(name = "is_active", nullable = false)
        private boolean active;

        @Column(name = "created_at", nullable = false)
        private LocalDateTime createdAt;
    }

    @Entity(name = "SaleItemOfStockAsFlag")
    @Table(name = "saleitem")
    public static class ItemOfStockAsFlag extends Item {
        @ManyToOne(fetch = FetchType.LAZY, optional = false)
        @JoinColumn(name = "product_id", nullable = false)
        private StockAsFlag product;
    }

    @Entity(name = "ProductActiveAsNumber")
    @Table(name = "product")
    public static class ActiveAsNumber extends Unchanged {
        @Column(name = "stock", nullable = false)
        private int stock;

        @Column(name = "is_active", nullable = false)
        private int active;

        @Column(name = "created_at", nullable = false)
        private LocalDateTime createdAt;
    }

    @Entity(name = "SaleItemOfActiveAsNumber")
    @Table(name = "saleitem")
    public static class ItemOfActiveAsNumber extends Item {
        @ManyToOne(fetch = FetchType.LAZY, optional = false)
        @JoinColumn(name = "product_id", nullable = false)
        private ActiveAsNumber product;
    }

    @Entity(name = "ProductCreatedAtAsNumber")
    @Table(name = "product")
    public static class CreatedAtAsNumber extends Unchanged {
        @Column(name = "stock", nullable = false)
        private int stock;

        @Column(name = "is_active", nullable = false)
        private boolean active;

        @Column(name = "created_at", nullable = false)
        private long createdAt;
    }

    @Entity(name = "SaleItemOfCreatedAtAsNumber")
    @Table(name = "saleitem")
    public static class ItemOfCreatedAtAsNumber extends Item {
        @ManyToOne(fetch = FetchType.LAZY, optional = false)
        @JoinColumn(name = "product_id", nullable = false)
        private CreatedAtAsNumber product;
    }
}
