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

/** A new entity with a unique column and a foreign key: createTable on both engines. */
@Entity
@Table(name = "voucher")
public class Voucher {

    public static final List<Class<?>> ALL = UserEmail.with(Voucher.class);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "code", nullable = false, unique = true, length = 32)
    private String code;

    @ManyToOne
    @JoinColumn(name = "redeemed_in_sale_id")
    private Sale redeemedIn;
}
