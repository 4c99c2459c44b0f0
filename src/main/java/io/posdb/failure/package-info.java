/**
 * The typed failures posdb throws: {@link io.posdb.failure.BootFailure} (each kind with its
 * documented exit code), {@link io.posdb.failure.BootException}, the changelog/migration exceptions,
 * the translation of driver errors into kinds, and which changeset a failure names
 * ({@code FailedChangeSet}). Depends on nothing above the connections.
 */
package io.posdb.failure;
