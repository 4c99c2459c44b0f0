/**
 * Custom changes used as rollbacks, such as dropping a table only when it is empty.
 */
package io.posdb.migration.rollback;
