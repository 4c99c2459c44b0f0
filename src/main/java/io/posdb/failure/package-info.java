/**
 * The typed failures posdb throws: {@link io.posdb.failure.BootFailure} (each kind with its
 * documented exit code), {@link io.posdb.failure.BootException}, the changelog/migration exceptions,
 * and the translation of driver errors into kinds. Depends on nothing above the connections.
 */
package io.posdb.failure;
