/**
 * What an application calls at start-up: {@link io.posdb.api.PosDatabase#boot} upgrades the database,
 * opens the connection pool and returns Hibernate's validated SessionFactory, or throws a
 * {@link io.posdb.api.PosDatabaseException} naming the failure kind and its exit code.
 */
package io.posdb.api;
