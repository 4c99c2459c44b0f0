package io.posdb.changegen;

import io.posdb.changelog.Release;
import io.posdb.changelog.ReleaseLabels;
import io.posdb.failure.BootFailure;
import io.posdb.failure.ChangelogException;
import io.posdb.failure.PosDatabaseException;
import io.posdb.lint.ChangelogLinter;
import io.posdb.orm.Entities;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code bin/new-changeset NAME}: writes changelog/changes/NNNN-NAME.yaml from the entity
 * change, or {@code --data NAME}: scaffolds an audited data change. Exit 0 written or no
 * changes, 1 refused (the reasons are printed, nothing written: also when a file it would write is there),
 * 2 usage (a NAME that starts with a number among them: the number is added for you), 7 a file cannot be written
 * (what the run had written is removed), 9 the changelog or its released.sum cannot be parsed (BAD_CHANGELOG, as
 * lint), 11 a changeset of the changelog fails on the scratch database or Liquibase's validation refuses one, or the
 * pom's release is one released.sum records, whose label lint refuses on anything new (lint's code for its errors:
 * the changelog or the pom's version, not the entities, needs fixing).
 */
@Command(name = "new-changeset", mixinStandardHelpOptions = true,
        description = "Writes the next changeset from the difference between the entities and the changelog.")
class NewChangeset implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME",
            description = "what the change does, without a number (it is added), e.g. add-user-email")
    String name;

    @Option(names = "--data", description = "scaffold an audited data change (YAML, class, test) instead")
    boolean data;

    @Option(names = "--root", description = "the repository root (default: the working directory)")
    Path root = Path.of("");

    @Option(names = "--entities", split = ",", description = "entity classes; a class with a static ALL list stands "
            + "for that list (default: io.posdb.orm.Entities)")
    List<String> entities = new ArrayList<>();

    @Option(names = "--author", description = "the changesets' author (default: posdb)")
    String author = "posdb";

    @Option(names = "--check-arguments", hidden = true, description = "only parse and check the arguments: "
            + "bin/new-changeset says a usage error before its compile, which takes seconds")
    boolean checkArgumentsOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NewChangeset()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "NAME '" + name
                    + "' must be lower-case words joined by '-', e.g. add-user-email");
        }
        if (name.matches("[0-9]+(-.*)?")) {
            // The generator numbers the file after the newest changeset: 0019-add-x would be written as 0020-0019-add-x.
            throw new CommandLine.ParameterException(spec.commandLine(), "NAME '" + name + "' starts with a number: "
                    + "the changeset's number is added for you (NNNN-NAME, after the newest changeset); give the name "
                    + "alone, e.g. " + (name.contains("-") ? name.replaceFirst("^[0-9]+-", "") : "add-user-email"));
        }
        if (checkArgumentsOnly) {
            return 0;
        }
        Path repository = root.toAbsolutePath().normalize();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String released = releasedPomRelease(repository);
            if (released != null) {
                err.println("new-changeset: " + released);
                return BootFailure.LINT_ERRORS.exitCode();
            }
            if (data) {
                FileWrites.Written written = new DataChangeScaffold(repository, author).write(name);
                if (written.refused()) {
                    return refused(out, List.of(written.alreadyThere() + ": a data change named " + name + " was "
                            + "scaffolded before; fill in those files, or choose another NAME"));
                }
                written.files().forEach(f -> out.println("wrote " + f));
                return 0;
            }
            return generate(repository, out, err);
        } catch (ChangelogException e) {
            // released.sum cannot be read or has a malformed line: as lint says it, the changelog is refused.
            err.println("new-changeset: nothing written: " + e.getMessage());
            return BootFailure.BAD_CHANGELOG.exitCode();
        } catch (PosDatabaseException e) {
            // A write that failed half way (NOT_WRITABLE, 7; what the run had written is removed): one line, its code.
            err.println("new-changeset: " + e.getMessage());
            return e.kind().exitCode();
        } catch (IOException e) {
            err.println("new-changeset: " + e.getMessage());
            return BootFailure.NOT_WRITABLE.exitCode();
        }
    }

    private int generate(Path repository, PrintWriter out, PrintWriter err) throws Exception {
        if (entities.isEmpty()) {
            // Hibernate is given Entities.ALL, not a package to scan: an entity left out of it would be compared by
            // nobody, and "no changes" would hide it. Found as Hibernate's class loading finds classes (the context's).
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            List<String> unlisted = UnlistedEntities.in(loader != null ? loader : Entities.class.getClassLoader());
            if (!unlisted.isEmpty()) {
                return refused(out, unlisted.stream().map(type -> type + " is an @Entity, but "
                        + Entities.class.getName() + ".ALL does not list it: add it there (Hibernate maps, and boot "
                        + "validates, only the classes listed), then run bin/new-changeset again").toList());
            }
        }
        ChangesetGenerator.Outcome outcome;
        try {
            outcome = new ChangesetGenerator(repository, entityClasses(), author).generate(name);
        } catch (ChangelogSchema.ChangeSetFails e) {
            err.println("new-changeset: cannot build the schema changelog/db.changelog-master.yaml "
                    + "produces, nothing written: " + e.getMessage());
            return BootFailure.LINT_ERRORS.exitCode();
        } catch (ChangelogSchema.ChangelogUnreadable e) {
            err.println("new-changeset: cannot read changelog/db.changelog-master.yaml, nothing written: "
                    + e.getMessage());
            return BootFailure.BAD_CHANGELOG.exitCode();
        }
        if (!outcome.refusals().isEmpty()) {
            return refused(out, outcome.refusals());
        }
        if (outcome.noChanges()) {
            out.println("no changes: the entities match the schema that changelog/db.changelog-master.yaml produces");
            return 0;
        }
        for (int i = 0; i < outcome.files().size(); i++) {
            out.println("wrote " + repository.relativize(outcome.files().get(i)) + " because:");
            out.println("  - " + outcome.changes().get(i));
        }
        String them = outcome.files().size() == 1 ? "it" : "them";
        out.println("added " + them + " to changelog/db.changelog-master.yaml; review " + them
                + ", then run scripts/release-check.sh");
        return 0;
    }

    /**
     * Why nothing may be labelled with the pom's release, or null: released.sum records it (its release step ran, and
     * the pom's version was not raised since: step 1 of How to add a new migration). Whatever either mode would write
     * is labelled with it, and lint refuses that (LABEL_OF_A_RELEASED_RELEASE), so it is said with lint's code before
     * anything is written rather than by the build after. In the next release's build the pom's release is not
     * recorded yet: null.
     */
    private static String releasedPomRelease(Path repository) throws ChangelogException {
        List<String> released = ChangelogLinter.releasedReleases(new MasterChangelog(repository).master());
        String label = Release.label();
        if (!released.contains(label)) {
            return null;
        }
        String next = ReleaseLabels.releaseOfLabel(ReleaseLabels.next(ReleaseLabels.newest(released).orElseThrow()));
        return "release " + ReleaseLabels.releaseOfLabel(label) + " (the pom's version, " + Release.current()
                + ") is one changelog/released.sum records as released, nothing written: a changeset labelled " + label
                + " would be one that release shipped without, which posdb lint refuses (LABEL_OF_A_RELEASED_RELEASE); "
                + "raise the pom's <version> to " + next + ".0, the next release (step 1 of How to add a new migration, "
                + "docs/writing-migrations.md), then run bin/new-changeset again";
    }

    /** Says why nothing was written, one reason a line; exit 1. */
    private static int refused(PrintWriter out, List<String> reasons) {
        out.println("refused, nothing written:");
        reasons.forEach(reason -> out.println("  - " + reason));
        return 1;
    }

    private List<Class<?>> entityClasses() throws ReflectiveOperationException {
        if (entities.isEmpty()) {
            return Entities.ALL;
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String className : entities) {
            Class<?> type = Class.forName(className.trim());
            Field all = Arrays.stream(type.getFields())
                    .filter(f -> f.getName().equals("ALL") && Modifier.isStatic(f.getModifiers())).findFirst().orElse(null);
            if (all != null) {
                @SuppressWarnings("unchecked")
                List<Class<?>> listed = (List<Class<?>>) all.get(null);
                classes.addAll(listed);
            } else {
                classes.add(type);
            }
        }
        return classes;
    }
}
