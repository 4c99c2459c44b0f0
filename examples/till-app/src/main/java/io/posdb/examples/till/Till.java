package io.posdb.examples.till;

import io.posdb.orm.Product;
import io.posdb.orm.Role;
import io.posdb.orm.Sale;
import io.posdb.orm.SaleItem;
import io.posdb.orm.User;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/** What the till does with posdb's entities: ring up a sale, add up the day. Money is BigDecimal throughout. */
final class Till {

    private final SessionFactory sessionFactory;

    Till(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** Two coffees and a bun, by the till's cashier, in one transaction. */
    void recordSale() {
        sessionFactory.inTransaction(session -> {
            LocalDateTime now = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
            User cashier = cashier(session, now);
            Sale sale = new Sale();
            sale.setReceiptNo("TILL-" + UUID.randomUUID().toString().substring(0, 18));
            sale.setPaymentMethod("card");
            sale.setCreatedAt(now);
            sale.setCashier(cashier);
            sale.setTotal(BigDecimal.ZERO);
            session.persist(sale);
            BigDecimal total = line(session, sale, product(session, "TILL-COFFEE", "Coffee", "2.50", now), 2)
                    .add(line(session, sale, product(session, "TILL-BUN", "Cinnamon Bun", "1.85", now), 1));
            sale.setTotal(total);
        });
    }

    /**
     * The sum of the day's sales. Added up here, not with SQL's SUM: money is stored as exact
     * text, and SQLite's SUM would turn it into a floating-point number.
     */
    BigDecimal dayTotal(LocalDate day) {
        return sessionFactory.fromSession(session -> session
                .createSelectionQuery("select s.total from Sale s where s.createdAt >= :from and s.createdAt < :to",
                        BigDecimal.class)
                .setParameter("from", day.atStartOfDay())
                .setParameter("to", day.plusDays(1).atStartOfDay())
                .getResultList().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    private static BigDecimal line(Session session, Sale sale, Product product, int quantity) {
        SaleItem item = new SaleItem();
        item.setSale(sale);
        item.setProduct(product);
        item.setQuantity(quantity);
        item.setUnitPrice(product.getPrice());
        session.persist(item);
        return product.getPrice().multiply(BigDecimal.valueOf(quantity));
    }

    private static User cashier(Session session, LocalDateTime now) {
        User cashier = session.createSelectionQuery("from User u where u.username = :name", User.class)
                .setParameter("name", "till-app").uniqueResult();
        if (cashier == null) {
            cashier = new User();
            cashier.setUsername("till-app");
            cashier.setName("Till App Cashier");
            cashier.setPinHash("not-a-real-pin-hash");
            cashier.setRole(Role.USER);
            cashier.setActive(true);
            cashier.setCreatedAt(now);
            cashier.setUpdatedAt(now);
            session.persist(cashier);
        }
        return cashier;
    }

    private static Product product(Session session, String sku, String name, String price, LocalDateTime now) {
        Product product = session.createSelectionQuery("from Product p where p.sku = :sku", Product.class)
                .setParameter("sku", sku).uniqueResult();
        if (product == null) {
            product = new Product();
            product.setSku(sku);
            product.setName(name);
            product.setPrice(new BigDecimal(price));
            product.setStock(100);
            product.setActive(true);
            product.setCreatedAt(now);
            session.persist(product);
        }
        return product;
    }
}
