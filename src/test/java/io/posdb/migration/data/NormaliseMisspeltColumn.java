package io.posdb.migration.data;

import io.posdb.testsupport.Changelogs;
import java.util.Map;

/** As {@link NormaliseMisspeltTable}, the table right and its column misspelt ({@code payment_mehtod}). */
public class NormaliseMisspeltColumn extends AuditedValueChange {

    static final String CHANGE_SET_ID = Changelogs.nextNumber() + "-normalise-misspelt-column";

    @Override
    protected ValueChangeFacts facts() {
        return new ValueChangeFacts("Normalise a misspelt column (test)", CHANGE_SET_ID)
                .table("sale", "id", "payment_mehtod")
                .mapping(ValueMapping.pairs(Map.of("cash", "cash")));
    }
}
