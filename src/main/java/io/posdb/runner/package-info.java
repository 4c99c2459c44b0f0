/**
 * Running Liquibase on a database: update, rollback, update-sql preview, the listeners that
 * record applied and failed changesets (and ask a gate about breaking ones before they commit),
 * and Liquibase's tables (rows, lock).
 */
package io.posdb.runner;
