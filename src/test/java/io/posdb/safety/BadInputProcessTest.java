package io.posdb.safety;

import io.posdb.testsupport.Bytes;
import io.posdb.testsupport.PosdbProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad input through a real {@code posdb boot} process: the process exits with the documented
 * code and its stderr holds one clear line, the file unchanged. The one process-level test of
 * this concern; every other bad input is proven in this JVM by the same command line (BadInputTest).
 */
@Tag("process")
class BadInputProcessTest {

    @TempDir
    Path dir;

    @Test
    void notAnSqliteDatabaseExitsSixWithOneLineOnStderr() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.db"), "not a database\n".repeat(50));
        String before = Bytes.digest(file);

        PosdbProcess.Result result = PosdbProcess.run(dir, "boot", "--db", file.toString());

        BadInputTest.assertRefused(result, file, before, 6, "not an SQLite database");
    }
}
