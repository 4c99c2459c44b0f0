package io.posdb.changegen.variants;

import io.posdb.orm.Sale;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.OnDelete;
import org.hibernate.annotations.OnDeleteAction;

/** A new entity whose required foreign key declares what a deleted sale does to it: {@code @OnDelete(CASCADE)}. */
@Entity
@Table(name = "test_payment")
public class PaymentCascadingWithItsSale {

    public static final List<Class<?>> ALL = UserEmail.with(PaymentCascadingWithItsSale.class);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "amount", nullable = false, length = 40)
    private String amount;

    @ManyToOne(optional = false)
    @JoinColumn(name = "sale_id")
    @OnDelete(action = OnDeleteAction.CASCADE)
    private Sale sale;
}
