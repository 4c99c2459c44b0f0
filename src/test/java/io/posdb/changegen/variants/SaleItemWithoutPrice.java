package io.posdb.changegen.variants;

import io.posdb.orm.Product;
import io.posdb.orm.Sale;
import io.posdb.orm.SaleItem;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.List;

/** unit_price removed from the entity: drop-and-archive, marked for review. */
@Entity
@Table(name = "saleitem")
public class SaleItemWithoutPrice {

    public static final List<Class<?>> ALL = Variants.replacing(SaleItem.class, SaleItemWithoutPrice.class);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "quantity", nullable = false)
    private int quantity;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "product_id", nullable = false)
    private Product product;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "sale_id", nullable = false)
    private Sale sale;
}
