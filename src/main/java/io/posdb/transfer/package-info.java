/**
 * {@code posdb transfer}: copies a shop's data between databases (SQLite and PostgreSQL) through
 * the upgrade flow, all or nothing. Callers reach it through {@code io.posdb.api.PosDatabaseTransfer}.
 */
package io.posdb.transfer;
