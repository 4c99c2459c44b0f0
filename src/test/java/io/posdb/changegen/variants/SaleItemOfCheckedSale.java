package io.posdb.changegen.variants;

import io.posdb.orm.MoneyTextConverter;
import io.posdb.orm.Product;
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

/** SaleItem as it is, referring to {@link SalePaymentMethodCheck}. */
@Entity
@Table(name = "saleitem")
public class SaleItemOfCheckedSale {

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
    private SalePaymentMethodCheck sale;
}
