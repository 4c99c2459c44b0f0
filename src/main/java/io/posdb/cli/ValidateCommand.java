package io.posdb.cli;

import io.posdb.api.PosDatabaseMaintenance;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.database.TillDatabase;
import io.posdb.failure.BootFailure;
import io.posdb.failure.PosDatabaseException;
import picocli.CommandLine.Command;

@Command(name = "validate",
        description = "Hibernate schema validation only, no upgrade. Exit 0 valid, 1 invalid (names table and "
                + "column); a schema that does not match on a database boot refuses first is boot's refusal: 4 newer "
                + "database, 5 edited changeset; other codes as in posdb --help.")
@Needs(Needs.Database.EXISTING)
class ValidateCommand extends DatabaseCommand {

    record Result(String database, boolean ok, boolean valid) implements CommandResult {
        @Override
        public String text() {
            return "Schema of " + database + " matches the entities.";
        }
    }

    @Override
    CommandResult run(TillDatabase database) throws PosDatabaseException {
        try {
            PosDatabaseMaintenance.validate(PosDatabaseSettings.of(database).build());
        } catch (PosDatabaseException e) {
            if (e.kind() == BootFailure.INVALID_SCHEMA) {
                // The schema was read and does not match; any other kind says why it could not be read.
                known(new Result(database.description(), false, false));
            }
            throw e;
        }
        return new Result(database.description(), true, true);
    }
}
