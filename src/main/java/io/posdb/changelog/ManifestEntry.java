package io.posdb.changelog;

/**
 * One changeset of the changelog as DATABASECHANGELOG identifies it (id, author, file),
 * with its checksum; {@code runAlways}/{@code runOnChange} as declared.
 */
public record ManifestEntry(String id, String author, String file, String checksum,
                            boolean runAlways, boolean runOnChange) {

    boolean sameChangeSet(String otherId, String otherAuthor, String otherFile) {
        return id.equals(otherId) && author.equals(otherAuthor) && file.equals(otherFile);
    }
}
