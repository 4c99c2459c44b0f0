package io.posdb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 22's bar for progress: {@code posdb boot --progress json} on the legacy upgrade prints monotonic
 * progress for the role remap with an estimate. {@link #verify} reads the JSON lines a boot printed and
 * throws, saying what is wrong, unless every line is an event, the remap's rows come in several steps with
 * done only growing up to a fixed total and an estimate on each, and the last line is a successful result.
 * The benchmark checks its large upgrade with it; by hand, on any legacy file:
 * {@code ProgressCheck FILE} boots it ({@code bin/posdb boot --db FILE --progress json})
 * and checks what it printed.
 */
public final class ProgressCheck {

    static final String REMAP = "0008-remap-user-roles";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProgressCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ProgressCheck LEGACY_FILE (it is upgraded)");
            System.exit(2);
        }
        Process boot = new ProcessBuilder(command(Path.of(args[0])))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String stdout = new String(boot.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = boot.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("posdb boot --progress json exited " + exit + ": " + stdout);
        }
        System.out.println(verify(stdout));
    }

    /** The boot the check reads: a whole process, as a till runs it. */
    static List<String> command(Path file) {
        return List.of("bin/posdb", "boot", "--db", file.toString(), "--progress", "json");
    }

    /** What the events showed (for the report); throws naming the first thing that is not as the bar says. */
    static String verify(String stdout) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : stdout.strip().split("\n")) {
            JsonNode event;
            try {
                event = JSON.readTree(line);
            } catch (IOException e) {
                throw new IllegalStateException("--progress json printed a line that is not JSON: " + line, e);
            }
            if (event == null || !event.hasNonNull("event")) {
                throw new IllegalStateException("--progress json printed a line that is not an event: " + line);
            }
            events.add(event);
        }
        JsonNode last = events.get(events.size() - 1);
        if (!last.get("event").asText().equals("result") || !last.path("ok").asBoolean()) {
            throw new IllegalStateException("the last line is not a successful result: " + last);
        }
        List<JsonNode> rows = events.stream().filter(e -> e.get("event").asText().equals("rows")
                && e.path("changeset").asText().equals(REMAP)).toList();
        if (rows.size() < 2) {
            throw new IllegalStateException("the remap reported its rows " + rows.size() + " time(s), not in steps: "
                    + stdout);
        }
        long total = rows.get(0).path("total").asLong(-1);
        long done = -1;
        for (JsonNode row : rows) {
            if (row.path("total").asLong(-1) != total) {
                throw new IllegalStateException("the remap's total changed: " + row + " after " + total);
            }
            if (row.path("done").asLong(-1) <= done) {
                throw new IllegalStateException("the remap's progress is not monotonic: " + row + " after done " + done);
            }
            if (!row.path("estimated_ms_left").isNumber()) {
                throw new IllegalStateException("the remap's progress has no estimate: " + row);
            }
            done = row.path("done").asLong();
        }
        if (done != total) {
            throw new IllegalStateException("the remap's progress ended at " + done + " of " + total);
        }
        return rows.size() + " monotonic steps of the remap's " + total + " rows, each with an estimate (first "
                + rows.get(0).path("estimated_ms_left").asLong() + " ms left at " + rows.get(0).path("done").asLong()
                + ")";
    }
}
