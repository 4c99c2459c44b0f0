/**
 * Test-only entity variants for the changeset generator, one per row of its table. Most
 * add a small extra entity mapped onto an existing table (Hibernate merges the columns of
 * entities sharing a table), so the real entities stay as they are; each {@code ALL} is
 * the entity list the generator and Hibernate validation are pointed at.
 */
package io.posdb.changegen.variants;
