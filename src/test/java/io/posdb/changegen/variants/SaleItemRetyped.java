package io.posdb.changegen.variants;

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
import java.util.List;

/**
 * saleitem with one column's Java type changed to one PostgreSQL names in its own words: unit_price's text
 * becoming a {@code Double} (across SQLite's affinities), quantity's {@code int} becoming a {@code long} or a
 * {@code boolean} (one affinity on SQLite, INTEGER, whose column stays as it is, while PostgreSQL's validation
 * refuses an INTEGER column for either). Each replaces SaleItem; {@link #with} gives the entity list.
 */
public final class SaleItemRetyped {

    private SaleItemRetyped() {
    }

    /** The real entities with {@code variant}, one of the classes below, in SaleItem's place. */
    public static List<Class<?>> with(Class<?> variant) {
        return Variants.replacing(SaleItem.class, variant);
    }

    /** saleitem's columns that stay as they are. */
    @MappedSuperclass
    public abstract static class Unchanged {
        @Id
        @GeneratedValue(strategy = GenerationType.IDENTITY)
        private Long id;

        @ManyToOne(fetch = FetchType.LAZY, optional = false)
        @JoinColumn(name = "product_id", nullable = false)
        private Product product;

        @ManyToOne(fetch = FetchType.LAZY, optional = false)
        @JoinColumn(name = "sale_id", nullable = false)
        private Sale sale;
    }

    @Entity(name = "SaleItemDoublePrice")
    @Table(name = "saleitem")
    public static class DoublePrice extends Unchanged {
        @Column(name = "quantity", nullable = false)
        private int quantity;

        @Column(name = "unit_price", nullable = false)
        private Double unitPrice;
    }

    @Entity(name = "SaleItemLongQuantity")
    @Table(name = "saleitem")
    public static class LongQuantity extends Unchanged {
        @Column(name = "quantity", nullable = false)
        private long quantity;

        @Convert(converter = MoneyTextConverter.class)
        @Column(name = "unit_price", nullable = false, length = 40)
        private BigDecimal unitPrice;
    }

    @Entity(name = "SaleItemFlagQuantity")
    @Table(name = "saleitem")
    public static class FlagQuantity extends Unchanged {
        @Column(name = "quantity", nullable = false)
        private boolean quantity;

        @Convert(converter = MoneyTextConverter.class)
        @Column(name = "unit_price", nullable = false, length = 40)
        private BigDecimal unitPrice;
    }
}
