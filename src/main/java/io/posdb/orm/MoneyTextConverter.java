package io.posdb.orm;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.math.BigDecimal;

/**
 * Money is stored as exact decimal text ({@code '2.50'}), as the legacy backend wrote it
 * into its VARCHAR(40) columns. Going through text keeps every digit and the scale:
 * SQLite's NUMERIC/REAL affinity, or a {@code double}, would not.
 */
@Converter
public class MoneyTextConverter implements AttributeConverter<BigDecimal, String> {

    @Override
    public String convertToDatabaseColumn(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    @Override
    public BigDecimal convertToEntityAttribute(String text) {
        return text == null ? null : new BigDecimal(text.trim());
    }
}
