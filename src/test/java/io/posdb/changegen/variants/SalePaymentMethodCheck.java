package io.posdb.changegen.variants;

import io.posdb.orm.MoneyTextConverter;
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
import java.time.LocalDateTime;
import java.util.List;
import org.hibernate.annotations.Check;

/**
 * payment_method gets a CHECK listing its values (payment_method IN ('cash', 'card')): a new CHECK on a text column
 * whose rows lint's scratch database seeds with values the list does not hold (SQLite rebuild, PostgreSQL ALTER).
 * SaleItem refers to Sale, so it is replaced by {@link SaleItemOfCheckedSale} (same table, same columns).
 */
@Entity
@Table(name = "sale")
public class SalePaymentMethodCheck {

    public static final List<Class<?>> ALL = Variants.replacing(Variants.replacing(Sale.class,
            SalePaymentMethodCheck.class), SaleItem.class, SaleItemOfCheckedSale.class);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "receipt_no", nullable = false, unique = true, length = 32)
    private String receiptNo;

    @Convert(converter = MoneyTextConverter.class)
    @Column(name = "total", nullable = false, length = 40)
    private BigDecimal total;

    @Check(constraints = "payment_method IN ('cash', 'card')")
    @Column(name = "payment_method", nullable = false, length = 4)
    private String paymentMethod;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "cashier_id", nullable = false)
    private User cashier;
}
