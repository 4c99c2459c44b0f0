package io.posdb.changegen.variants;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.util.List;

/** A unique constraint on an existing column (product.name): createIndex after a duplicates check. */
@Entity(name = "ProductNameUnique")
@Table(name = "product", uniqueConstraints = @UniqueConstraint(columnNames = "name"))
public class ProductNameUnique {

    public static final List<Class<?>> ALL = UserEmail.with(ProductNameUnique.class);

    @Id
    private Long id;

    @Column(name = "name", nullable = false, length = 255)
    private String name;
}
