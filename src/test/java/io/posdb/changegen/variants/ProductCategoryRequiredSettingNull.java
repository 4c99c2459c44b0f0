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
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

/**
 * product.category_id becomes NOT NULL, as in {@link ProductCategoryRequired}, while the entity declares
 * {@code @OnDelete(SET_NULL)}: a contradiction the generator refuses. SaleItem refers to Product, so it is replaced
 * by {@link SaleItemOfCategorySettingNull}.
 */
@Entity
@Table(name = "product")
public class ProductCategoryRequiredSettingNull {

    public static final List<Class<?>> ALL = Variants.replacing(Variants.replacing(Product.class,
            ProductCategoryRequiredSettingNull.class), SaleItem.class, SaleItemOfCategorySettingNull.class);

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

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "category_id", nullable = false)
    @OnDelete(action = OnDeleteAction.SET_NULL)
    private Category category;
}
