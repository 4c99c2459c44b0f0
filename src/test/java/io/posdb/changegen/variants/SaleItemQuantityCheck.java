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
import jakarta.persistence.Table;
import org.hibernate.annotations.Check;
import java.math.BigDecimal;
import java.util.List;

/** quantity gets a CHECK (quantity > 0): a changed CHECK (SQLite rebuild, PostgreSQL ALTER). */
@Entity
@Table(name = "saleitem")
public class SaleItemQuantityCheck {

    public static final List<Class<?>> ALL = Variants.replacing(SaleItem.class, SaleItemQuantityCheck.class);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Check(constraints = "quantity > 0")
    @Column(name = "quantity", nullable = false)
    private int quantity;

    @Convert(converter = MoneyTextConverter.class)
    @Column(name = "unit_price", nullable = false, length = 40)
    private BigDecimal unitPrice;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "product_id", nullable = false)
    private Product product;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "sale_id", nullable = false)
    private Sale sale;
}
