/**
 * Generic JDBC helpers with no posdb knowledge: quoting identifiers and bound SQL with its
 * values. Used by the custom changes and the read models.
 */
package io.posdb.sql;
