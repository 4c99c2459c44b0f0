package io.posdb.migration.data;

import java.util.Locale;
import java.util.Set;

/**
 * The second value migration, proving the reusable piece on another table: legacy tills
 * wrote {@code sale.payment_method} in any case ({@code 'CASH'}, {@code ' Card'}); the
 * canonical values are {@code cash} and {@code card}. There is no fallback: a method that is
 * neither (a {@code 'chq'}) is left as it was, counted as an error and named by the
 * verification ({@link AllowedValues}) that follows, because guessing how a customer paid
 * would falsify the books.
 */
public class NormalisePaymentMethods extends AuditedValueChange {

    private static final Set<String> METHODS = Set.of("cash", "card");

    @Override
    protected ValueChangeFacts facts() {
        return new ValueChangeFacts("Normalise payment methods (2.1.0)", "0012-normalise-payment-methods")
                .table("sale", "id", "payment_method")
                .label("receipt_no")
                .mapping(ValueMapping.function(NormalisePaymentMethods::canonical))
                .wording("Payment method normalisation", "sale", "normalising");
    }

    /** The method in lower case without blanks, or null when it is not a known method. */
    static String canonical(String stored) {
        String method = stored == null ? "" : stored.strip().toLowerCase(Locale.ROOT);
        return METHODS.contains(method) ? method : null;
    }
}
