package io.posdb.changegen.variants;

import io.posdb.orm.MoneyTextConverter;
import io.posdb.orm.Product;
import io.posdb.orm.Sale;
import io.posdb.orm.SaleItem;
import io.posdb.orm.User;
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
import java.util.List;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

/**
 * A new nullable {@code @ManyToOne} on an existing table: saleitem.test_returned_by_id refers to user,
 * ON DELETE SET NULL (SQLite's own ADD COLUMN with its REFERENCES clause).
 */
@Entity
@Table(name = "saleitem")
public class SaleItemReturnedBy {

    public static final List<Class<?>> ALL = Variants.replacing(SaleItem.class, SaleItemReturnedBy.class);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

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

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "test_returned_by_id")
    @OnDelete(action = OnDeleteAction.SET_NULL)
    private User returnedBy;
}
