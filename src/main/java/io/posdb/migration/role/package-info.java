/**
 * Custom changes of the user-role remap (changesets 0008 and 0009), built on {@code data}.
 */
package io.posdb.migration.role;
