package io.posdb.orm;

import java.util.Arrays;

/**
 * A user's role as the new backend knows it. Stored as lower-case text
 * ({@code admin}/{@code user}); the legacy {@code primary}/{@code staff} values are
 * remapped by the changelog before Hibernate ever reads a row.
 */
public enum Role {
    ADMIN("admin"),
    USER("user");

    private final String storedValue;

    Role(String storedValue) {
        this.storedValue = storedValue;
    }

    public String storedValue() {
        return storedValue;
    }

    public static Role fromStoredValue(String value) {
        return Arrays.stream(values()).filter(role -> role.storedValue.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown role '" + value + "': expected 'admin' or 'user'"));
    }
}
