package io.posdb.cli;

/**
 * What a command reports, as one typed record. With {@code --json} the record itself is printed
 * ({@link JsonOutput}: its components, in snake_case); without, a person reads {@link #text()},
 * written from the same record. So the two never say different things, and no Java
 * {@code toString()} of a record reaches a user.
 */
interface CommandResult {

    /** The lines a person reads (without a final line break); empty prints nothing. */
    String text();

    /** The exit code of this result: 0 unless the result itself is a finding (pending, lint errors, drift). */
    default int exitCode() {
        return ExitCodes.OK;
    }
}
