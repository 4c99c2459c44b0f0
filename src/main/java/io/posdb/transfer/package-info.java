/**
 * {@code posdb transfer}: copies a shop's data between databases (SQLite and PostgreSQL) through
 * the upgrade flow, all or nothing.
 */
package io.posdb.transfer;
