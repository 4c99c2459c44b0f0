package io.posdb.cli;

import io.posdb.api.PosDatabase;
import io.posdb.api.PosDatabaseSettings;
import io.posdb.changelog.AppliedChangeSet;
import io.posdb.database.TillDatabase;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "boot",
        description = "The application's startup path: apply pending changesets (all or nothing), then validate "
                + "the schema with Hibernate. Exit 0 when ready; see the exit codes of posdb --help.")
class BootCommand extends DatabaseCommand {

    @Mixin
    UpgradeOptions upgrade;

    @Option(names = "--strict-schema",
            description = "Refuse to start (exit 12) when the schema drifted from what the applied changesets produce.")
    boolean strictSchema;

    record Result(String database, boolean ok, boolean ready, List<AppliedChangeSet> applied,
                  Map<String, Object> reports) implements CommandResult {
        @Override
        public String text() {
            return AppliedChangeSets.text(applied) + System.lineSeparator() + "Ready.";
        }
    }

    @Override
    CommandResult run(TillDatabase database) throws Exception {
        // A failed boot of a file applied nothing: it is restored to what it was. A server keeps what its
        // upgrade committed, and the failure's message names those changesets.
        known(new Result(database.description(), false, false, List.of(), Map.of()));
        // The command line boots exactly as an application does, through the library's entry point.
        PosDatabaseSettings settings = upgrade.settings(spec, database).strictSchema(strictSchema).build();
        try (PosDatabase booted = PosDatabase.boot(settings)) {
            return new Result(database.description(), true, true, booted.applied(),
                    AppliedChangeSets.reports(booted.applied()));
        }
    }
}
