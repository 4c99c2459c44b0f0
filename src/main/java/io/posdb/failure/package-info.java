/**
 * The typed failures posdb throws: {@link io.posdb.failure.BootFailure} (each kind with its
 * documented exit code), {@link io.posdb.failure.PosDatabaseException}, the changelog/migration exceptions,
 * the translation of driver errors into kinds, which changeset a failure names
 * ({@code FailedChangeSet}), and the reason a failure message gives ({@code FailureReason}: never
 * null nor a bare class name), and the one walk of a cause chain ({@code Causes}). Depends on nothing above the
 * connections.
 */
package io.posdb.failure;
