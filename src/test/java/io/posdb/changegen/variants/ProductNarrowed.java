package io.posdb.changegen.variants;

import io.posdb.orm.Category;
import io.posdb.orm.MoneyTextConverter;
import io.posdb.orm.Product;
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
import jakarta.persistence.Table;
import org.hibernate.annotations.Check;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Three narrowings of one table: product.name shortened to 200 characters, stock given a CHECK (stock >= 0) and
 * category_id made NOT NULL, each guarded by a verification of its own column (lint takes no guard of one column
 * for another's). SaleItem refers to Product, so it is replaced by {@link SaleItemOfNarrowedProduct}.
 */
@Entity
@Table(name = "product")
public class ProductNarrowed {

    public static final List<Class<?>> ALL = Variants.replacing(Variants.replacing(Product.class,
            ProductNarrowed.class), SaleItem.class, SaleItemOfNarrowedProduct.class);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "sku", nullable = false, unique = true, length = 64)
    private String sku;

    @Column(name = "name", nullable = false, length = 200)
    private String name;

    @Convert(converter = MoneyTextConverter.class)
    @Column(name = "price", nullable = false, length = 40)
    private BigDecimal price;

    @Check(constraints = "stock >= 0")
    @Column(name = "stock", nullable = false)
    private int stock;

    @Column(name = "is_active", nullable = false)
    private boolean active;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "category_id", nullable = false)
    private Category category;
}
