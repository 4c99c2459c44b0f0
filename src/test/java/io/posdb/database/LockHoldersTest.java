package io.posdb.database;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command line an "in use" message shows goes into logs and support bundles: its secrets are blanked. */
class LockHoldersTest {

    @Test
    void passwordsTokensAndKeysInACommandLineAreBlankedAndTheRestKept() {
        assertThat(LockHolders.withoutSecrets("java -Dspring.datasource.password=hunter2 -jar till.jar --db /srv/pos.db"))
                .isEqualTo("java -Dspring.datasource.password=… -jar till.jar --db /srv/pos.db");
        assertThat(LockHolders.withoutSecrets("posdb update --password hunter2 --url jdbc:postgresql://h/shop"))
                .isEqualTo("posdb update --password … --url jdbc:postgresql://h/shop");
        assertThat(LockHolders.withoutSecrets("app --url=jdbc:postgresql://h/shop?user=till&password=hunter2 --api-token=abc"))
                .isEqualTo("app --url=… --api-token=…");
        assertThat(LockHolders.withoutSecrets("app --url jdbc:postgresql://till:hunter2@h/shop"))
                .isEqualTo("app --url jdbc:postgresql://till:****@h/shop");
        assertThat(LockHolders.withoutSecrets("python3 app.py\n  --db pos.db")).isEqualTo("python3 app.py --db pos.db");
    }
}
