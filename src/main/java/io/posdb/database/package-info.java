/**
 * Connections: the engines and how posdb opens a SQLite file or a PostgreSQL URL (pragmas,
 * credentials). No ORM or Liquibase import; the dialect is named by class name.
 */
package io.posdb.database;
