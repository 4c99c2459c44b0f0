/**
 * The {@code posdb} command line: picocli commands, exit-code mapping and output. A client of
 * the upgrade flow and the read-only query classes; it holds no upgrade logic of its own.
 */
package io.posdb.cli;
