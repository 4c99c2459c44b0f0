/**
 * The ORM: Hibernate entities and converters, posdb's SQLite dialect, and the Hibernate
 * validation of a database against the entities.
 */
package io.posdb.orm;
