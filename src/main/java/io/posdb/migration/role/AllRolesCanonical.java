package io.posdb.migration.role;

import io.posdb.migration.data.AllowedValues;

/**
 * Changeset 0009's verification: every row's role is one of {@code allowedValues} before
 * the CHECK constraint is added. The check is the reusable {@link AllowedValues}; this
 * class keeps 0009's class name and {@code roleColumn} parameter.
 */
public class AllRolesCanonical extends AllowedValues {

    public void setRoleColumn(String value) {
        setColumn(value);
    }

    @Override
    protected String advice() {
        return "Fix or remap them before the constraint can be enforced.";
    }
}
