/**
 * The one model of a database's schema: {@link io.posdb.schema.SchemaCatalog}, read by one
 * reader per engine (SQLite from sqlite_schema and its pragmas, PostgreSQL from its catalogs)
 * and compared by one differ ({@link io.posdb.schema.SchemaCatalog#differencesFrom}). Drift,
 * the changeset generator and lint's knowledge of tables read schemas through it; objects the
 * changelog does not own (a view or table made by hand) are part of the model and reported,
 * never fatal.
 */
package io.posdb.schema;
