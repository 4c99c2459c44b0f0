package io.posdb.cli;

import io.posdb.api.PosDatabaseSettings;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --lock-wait}, for every command that takes a database's upgrade lock (the upgrades, rollback, transfer). */
class LockWaitOption {

    @Option(names = "--lock-wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for another process upgrading the same database (default: ${DEFAULT-VALUE}).")
    long seconds;

    /** Sets the wait on {@code settings}; the settings check the value (a refusal is a usage error). */
    void applyTo(CommandSpec spec, PosDatabaseSettings.Builder settings) {
        ExitCodes.option(spec, "--lock-wait", () -> settings.lockWait(Duration.ofSeconds(seconds)));
    }
}
