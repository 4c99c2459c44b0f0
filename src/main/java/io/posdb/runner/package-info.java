/**
 * Running Liquibase on a database: update, rollback, update-sql preview, the listeners that
 * record applied and failed changesets (and ask a gate about breaking ones before they commit),
 * Liquibase's tables (rows, lock), and on a server the one transaction a whole run is (OneTransaction).
 */
package io.posdb.runner;
