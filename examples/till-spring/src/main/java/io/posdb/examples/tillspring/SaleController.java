package io.posdb.examples.tillspring;

import io.posdb.orm.Sale;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /sales} records a sale (two coffees and a bun) and answers its receipt and total;
 * {@code GET /sales/total[?day=YYYY-MM-DD]} answers the day's total (today by default). Amounts are
 * plain decimal strings, never floating-point numbers.
 */
@RestController
public class SaleController {

    private final TillService till;

    public SaleController(TillService till) {
        this.till = till;
    }

    @PostMapping("/sales")
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, String> recordSale() {
        Sale sale = till.recordSale();
        return Map.of("receipt", sale.getReceiptNo(), "total", sale.getTotal().toPlainString());
    }

    @GetMapping("/sales/total")
    public Map<String, String> dayTotal(
            @RequestParam(name = "day", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
        LocalDate date = day == null ? LocalDate.now() : day;
        return Map.of("day", date.toString(), "total", till.dayTotal(date).toPlainString());
    }
}
