package io.posdb.examples.tillspring;

import io.posdb.orm.Product;
import io.posdb.orm.Role;
import io.posdb.orm.Sale;
import io.posdb.orm.SaleItem;
import io.posdb.orm.User;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the till does with posdb's entities through JPA: ring up a sale, add up the day. Money is BigDecimal throughout. */
@Service
public class TillService {

    @PersistenceContext
    private EntityManager entityManager;

    /** Two coffees and a bun, by the till's cashier, in one transaction. */
    @Transactional
    public Sale recordSale() {
        LocalDateTime now = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        Sale sale = new Sale();
        sale.setReceiptNo("SPRING-" + UUID.randomUUID().toString().substring(0, 18));
        sale.setPaymentMethod("card");
        sale.setCreatedAt(now);
        sale.setCashier(cashier(now));
        sale.setTotal(BigDecimal.ZERO);
        entityManager.persist(sale);
        sale.setTotal(line(sale, product("TILL-COFFEE", "Coffee", "2.50", now), 2)
                .add(line(sale, product("TILL-BUN", "Cinnamon Bun", "1.85", now), 1)));
        return sale;
    }

    /**
     * The sum of the day's sales. Added up here, not with SQL's SUM: money is stored as exact text,
     * and SQLite's SUM would turn it into a floating-point number.
     */
    @Transactional(readOnly = true)
    public BigDecimal dayTotal(LocalDate day) {
        return entityManager.createQuery("select s.total from Sale s where s.createdAt >= :from and s.createdAt < :to",
                        BigDecimal.class)
                .setParameter("from", day.atStartOfDay())
                .setParameter("to", day.plusDays(1).atStartOfDay())
                .getResultList().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private BigDecimal line(Sale sale, Product product, int quantity) {
        SaleItem item = new SaleItem();
        item.setSale(sale);
        item.setProduct(product);
        item.setQuantity(quantity);
        item.setUnitPrice(product.getPrice());
        entityManager.persist(item);
        return product.getPrice().multiply(BigDecimal.valueOf(quantity));
    }

    private User cashier(LocalDateTime now) {
        User cashier = entityManager.createQuery("from User u where u.username = :name", User.class)
                .setParameter("name", "till-spring").getResultStream().findFirst().orElse(null);
        if (cashier == null) {
            cashier = new User();
            cashier.setUsername("till-spring");
            cashier.setName("Till Spring Cashier");
            cashier.setPinHash("not-a-real-pin-hash");
            cashier.setRole(Role.USER);
            cashier.setActive(true);
            cashier.setCreatedAt(now);
            cashier.setUpdatedAt(now);
            entityManager.persist(cashier);
        }
        return cashier;
    }

    private Product product(String sku, String name, String price, LocalDateTime now) {
        Product product = entityManager.createQuery("from Product p where p.sku = :sku", Product.class)
                .setParameter("sku", sku).getResultStream().findFirst().orElse(null);
        if (product == null) {
            product = new Product();
            product.setSku(sku);
            product.setName(name);
            product.setPrice(new BigDecimal(price));
            product.setStock(100);
            product.setActive(true);
            product.setCreatedAt(now);
            entityManager.persist(product);
        }
        return product;
    }
}
