package io.posdb.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.posdb.changelog.ChangelogSource;
import io.posdb.changelog.LiquibaseScope;
import io.posdb.testsupport.Changelogs;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.exception.ChangeLogParseException;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.parser.core.yaml.YamlChangeLogParser;
import liquibase.resource.ResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lint has Liquibase parse the changelog once: the scratch database's observation, each change's account (its SQLite
 * hazard) and released.sum's checksums and digests all read that one parse, as many parses of the master as one
 * parse of it counts, never a fixed number.
 */
class LintParsesTheChangelogOnceTest {

    @TempDir
    Path dir;

    /** Liquibase's own YAML parser, first in line, counting its parses of a master file in {@code folder}. */
    private static final class CountingParser extends YamlChangeLogParser {

        private final String folder;
        private final String masterName;
        private final AtomicInteger parses = new AtomicInteger();

        CountingParser(Path master) {
            this.folder = master.toAbsolutePath().normalize().getParent().toString();
            this.masterName = master.getFileName().toString();
        }

        @Override
        public int getPriority() {
            return super.getPriority() + 1;
        }

        @Override
        public DatabaseChangeLog parse(String location, ChangeLogParameters parameters, ResourceAccessor resources)
                throws ChangeLogParseException {
            // The master of this copy only: an included file is parsed once per parse of the master anyway.
            // Lint reads the master as the jar packages it: changelog/<name>, from its folder (described with it).
            if (location.endsWith(masterName) && resources.describeLocations().stream()
                    .anyMatch(described -> described.equals(folder) || described.startsWith(folder + " "))) {
                parses.incrementAndGet();
            }
            return super.parse(location, parameters, resources);
        }
    }

    @Test
    void lintHasLiquibaseParseTheChangelogOnlyOnce() throws Exception {
        Path master = Changelogs.copyOfProjectChangelog(dir);
        CountingParser counting = new CountingParser(master);
        ChangeLogParserFactory.getInstance().register(counting);
        try {
            ChangelogSource source = ChangelogSource.packagedFrom(master);
            LiquibaseScope.run(source, source::parse);
            int oneParse = counting.parses.getAndSet(0);
            assertThat(oneParse).as("the counting parser sees a parse of " + master).isPositive();

            BadChangelog.lint(master);

            assertThat(counting.parses.get()).as("Liquibase's parses of " + master + " by one lint")
                    .isEqualTo(oneParse);
        } finally {
            ChangeLogParserFactory.getInstance().unregister(counting);
        }
    }
}
