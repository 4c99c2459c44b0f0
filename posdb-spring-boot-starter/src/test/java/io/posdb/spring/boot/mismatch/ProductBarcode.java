package io.posdb.spring.boot.mismatch;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An application entity the changelog does not back: it maps a {@code barcode} column that no changeset
 * adds to {@code product}, so Hibernate's validation refuses the upgraded schema.
 */
@Entity
@Table(name = "product")
public class ProductBarcode {

    @Id
    Long id;

    @Column(name = "barcode")
    String barcode;
}
