package io.posdb.migration.data;

import io.posdb.testsupport.Changelogs;
import java.util.Map;

/**
 * A data change as a developer leaves it with a misspelt table ({@code sael}): its changeset id is the one
 * {@link DataChangeNamingMistakesTest} gives it (the number after the changelog's newest), so only the table is wrong.
 */
public class NormaliseMisspeltTable extends AuditedValueChange {

    static final String CHANGE_SET_ID = Changelogs.nextNumber() + "-normalise-misspelt-table";

    @Override
    protected ValueChangeFacts facts() {
        return new ValueChangeFacts("Normalise a misspelt table (test)", CHANGE_SET_ID)
                .table("sael", "id", "payment_method")
                .mapping(ValueMapping.pairs(Map.of("cash", "cash")));
    }
}
