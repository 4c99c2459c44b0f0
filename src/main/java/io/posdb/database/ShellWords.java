package io.posdb.database;

import java.nio.file.Path;

/**
 * How posdb writes a path or a word into a command it tells an operator to type (the doctor's next steps,
 * a refusal's way out): single-quoted for a POSIX shell, an embedded quote closed, escaped and reopened, so
 * that a shop's folder with a space or a quote in its name is still one word.
 */
public final class ShellWords {

    private ShellWords() {
    }

    public static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    public static String quote(Path path) {
        return quote(path.toString());
    }

    /**
     * The posdb command {@code command} (its name and any options) on {@code database}, as an operator types it:
     * the database named with {@code --db 'FILE'} or, for a server, {@code --url 'URL'}, so that it runs on that
     * database as printed, not on {@code data/pos.db} or {@code POSDB_URL}.
     */
    public static String posdb(TillDatabase database, String command) {
        return "posdb " + command + " " + (database instanceof SqliteDatabase sqlite ? "--db " + quote(sqlite.file())
                : "--url " + quote(database.description()));
    }
}
