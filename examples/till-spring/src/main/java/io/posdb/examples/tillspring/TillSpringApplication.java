package io.posdb.examples.tillspring;

import io.posdb.orm.Sale;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.persistence.autoconfigure.EntityScan;

/**
 * The till service: {@code java -jar till-spring.jar --posdb.db=FILE --server.port=N}. posdb's
 * starter upgrades the file before JPA validates posdb's entities (scanned from io.posdb.orm); when
 * posdb refuses the database the process exits with posdb's exit code.
 */
@SpringBootApplication
@EntityScan(basePackageClasses = Sale.class)
public class TillSpringApplication {

    public static void main(String[] args) {
        SpringApplication.run(TillSpringApplication.class, args);
    }
}
