/**
 * Connections: the engines (which one a connection is on: {@link io.posdb.database.Engine#of}) and how
 * posdb opens a SQLite file or a PostgreSQL URL (pragmas, credentials, the application_name a server connection names its release and till by, the host
 * name posdb writes for operators), the one way a live SQLite file is copied (its backup API), the one
 * read that writes nothing ({@link io.posdb.database.TillDatabase#readWithoutWriting}: a {@code -wal} read where
 * it is, a hot {@code -journal} rolled back in a private copy, {@link io.posdb.database.RolledBackCopy}, or
 * {@link io.posdb.database.CannotReadWithoutWriting} when that copy cannot be made), and
 * the names of the files SQLite keeps beside one ({@link io.posdb.database.SideFiles}), and how a path is
 * written into a command an operator types ({@link io.posdb.database.ShellWords}), which programs
 * hold a lock on a file ({@link io.posdb.database.LockHolders}), and the text form a till reads a time in,
 * with the SQL that tells text it cannot read or reads as another time ({@link io.posdb.database.TillTimeText}).
 * No ORM or Liquibase import; the dialect is named by class name.
 */
package io.posdb.database;
