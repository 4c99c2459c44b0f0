/**
 * {@code bin/new-changeset}: writes the next changeset from the difference between the
 * entities (Hibernate's metamodel) and the schema the current changelog produces (a
 * scratch SQLite database built by Liquibase), and scaffolds audited data changes.
 * Hibernate's and Liquibase's own tooling does the reading and the DDL; this package only
 * decides what a difference means for a till's data (rebuild, refuse, archive).
 */
package io.posdb.changegen;
