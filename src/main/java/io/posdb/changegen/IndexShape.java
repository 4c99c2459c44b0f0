package io.posdb.changegen;

import java.util.List;

/** An index, or a unique constraint (which SQLite keeps as an automatic unique index). */
record IndexShape(String name, List<String> columns, boolean unique) {
}
