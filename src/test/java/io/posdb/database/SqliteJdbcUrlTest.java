package io.posdb.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * How a {@code jdbc:sqlite:} URL names its file ({@link SqliteDatabase#fileOf}): the one reading the
 * command line's {@code --url} and the Spring Boot starter's DataSource check share.
 */
class SqliteJdbcUrlTest {

    @Test
    void aPlainPathNamesThatFileAsWritten() {
        assertThat(SqliteDatabase.fileOf("jdbc:sqlite:/var/pos/shop.db")).contains(Path.of("/var/pos/shop.db"));
        assertThat(SqliteDatabase.fileOf("jdbc:sqlite:data/pos.db")).contains(Path.of("data/pos.db"));
    }

    @Test
    void optionsAfterTheFileAreLeftOut() {
        assertThat(SqliteDatabase.fileOf("jdbc:sqlite:/var/pos/shop.db?busy_timeout=30000&foreign_keys=on"))
                .contains(Path.of("/var/pos/shop.db"));
    }

    @Test
    void aFileUriNamesItsDecodedPathWithoutOptions() {
        assertThat(SqliteDatabase.fileOf("jdbc:sqlite:file:/var/pos/my%20shop.db?mode=ro&immutable=1"))
                .contains(Path.of("/var/pos/my shop.db"));
        assertThat(SqliteDatabase.fileOf("jdbc:sqlite:file:///var/pos/shop.db")).contains(Path.of("/var/pos/shop.db"));
        assertThat(SqliteDatabase.fileOf("jdbc:sqlite:file:data/pos.db?cache=shared")).contains(Path.of("data/pos.db"));
    }

    @Test
    void inMemoryClassPathAndOtherDriversUrlsNameNoFile() {
        assertThat(SqliteDatabase.fileOf("jdbc:sqlite::memory:")).isEmpty();
        assertThat(SqliteDatabase.fileOf("jdbc:sqlite::memory:?cache=shared")).isEmpty();
        assertThat(SqliteDatabase.fileOf("jdbc:sqlite::resource:pos.db")).isEmpty();
        assertThat(SqliteDatabase.fileOf("jdbc:sqlite:")).isEmpty();
        assertThat(SqliteDatabase.fileOf("jdbc:postgresql://127.0.0.1/shop")).isEmpty();
    }

    @Test
    void aFileUriThatIsNoUriIsRefused() {
        assertThatThrownBy(() -> SqliteDatabase.fileOf("jdbc:sqlite:file:/var/pos/my shop.db"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
