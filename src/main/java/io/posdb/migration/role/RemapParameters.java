package io.posdb.migration.role;

import io.posdb.migration.data.ValueChangeFacts;
import io.posdb.migration.data.ValueMapping;
import io.posdb.sql.SqlIdentifiers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The role remap's parameters as the changelog gives them, checked: identifiers are
 * plain names of existing columns, the mapping is {@code old=new} pairs onto the
 * canonical roles, and the fallback is one of them. Every message names the parameter.
 * <p>The canonical roles are, by definition, the mapping's targets, so a target can never
 * be "not canonical"; what can be inconsistent is a mapping that sends a canonical role
 * to another one ({@code primary=admin,admin=user}): exactly-canonical rows are skipped,
 * so {@code 'admin'} would stay while {@code ' Admin '} became {@code user}. That is refused.
 * <p>The fallback only has to be canonical: which role is least privileged is the
 * changelog's knowledge, not this class's. The changelog sets {@code fallback: user},
 * so unknown values are demoted, never promoted (a reviewer must keep it that way).
 */
final class RemapParameters {

    String changeSetId;
    String tableName;
    String idColumn;
    String roleColumn;
    String labelColumn;
    String mapping;
    String fallback;
    String logDetailLimit = "1000";
    String reportDetailLimit = "1000";
    String progressIntervalSeconds = "2";

    /** The remap as a value migration, 0008's facts; an IllegalArgumentException naming the problems if any. */
    ValueChangeFacts facts() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new ValueChangeFacts(RemapLegacyUserRoles.TASK, changeSetId).table(tableName, idColumn, roleColumn)
                .label(labelColumn).mapping(ValueMapping.pairs(parseMapping(new ArrayList<>())))
                .fallback(fallback, "unknown role '{old}' demoted to {new}").fallbackVerb("were demoted to")
                .wording("Role migration", "user", "remapping")
                .mapBackOnRollback() // after a rollback to 1.0 every role is one that 1.0 reads
                .limits(Integer.parseInt(logDetailLimit.trim()), Integer.parseInt(reportDetailLimit.trim()),
                        Integer.parseInt(progressIntervalSeconds.trim()));
    }

    /** Problems that need no database; empty when the parameters are well formed. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (changeSetId == null || changeSetId.isBlank()) {
            problems.add("changeSetId must be set (the id written into each audit row)");
        }
        identifier(problems, "tableName", tableName);
        identifier(problems, "idColumn", idColumn);
        identifier(problems, "roleColumn", roleColumn);
        identifier(problems, "labelColumn", labelColumn);
        Map<String, String> pairs = parseMapping(problems);
        if (fallback == null || !pairs.containsValue(fallback)) {
            problems.add("fallback '" + fallback + "' must be one of the mapping's roles " + pairs.values());
        }
        positive(problems, "logDetailLimit", logDetailLimit);
        positive(problems, "reportDetailLimit", reportDetailLimit);
        positive(problems, "progressIntervalSeconds", progressIntervalSeconds);
        return problems;
    }

    private Map<String, String> parseMapping(List<String> problems) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (mapping == null || mapping.isBlank()) {
            problems.add("mapping must be set, e.g. 'primary=admin,staff=user'");
            return pairs;
        }
        for (String pair : mapping.split(",")) {
            String[] parts = pair.split("=", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                problems.add("mapping entry '" + pair.trim() + "' is not of the form old=new");
                continue;
            }
            String from = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (pairs.put(from, parts[1].trim()) != null) {
                problems.add("mapping maps '" + from + "' twice");
            }
        }
        pairs.forEach((from, to) -> {
            if (pairs.containsValue(from) && !from.equals(to)) {
                problems.add("mapping maps the canonical role '" + from + "' to '" + to
                        + "'; a canonical role can only map to itself");
            }
        });
        return pairs;
    }

    private static void identifier(List<String> problems, String parameter, String value) {
        if (!SqlIdentifiers.isPlain(value)) {
            problems.add(parameter + " '" + value + "' is not a plain identifier ([A-Za-z_][A-Za-z0-9_]*)");
        }
    }

    private static void positive(List<String> problems, String parameter, String value) {
        try {
            if (Integer.parseInt(value.trim()) < 0) {
                problems.add(parameter + " must be 0 or more, got " + value);
            }
        } catch (RuntimeException e) {
            problems.add(parameter + " must be a number, got '" + value + "'");
        }
    }
}
