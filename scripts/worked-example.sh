#!/usr/bin/env bash
# The next release must not turn the suite red (issue 21 §6): applies docs/writing-migrations.md's
# worked example to a copy of this repository in a temporary folder (never to the working tree) and
# runs the in-process suite there:
#   1. copy: the files git tracks or would track (uncommitted edits included, ignored files such as
#      target/ left out);
#   2. release: the pom's <version> X.Y.Z becomes X.(Y+1).0 (2.0.0 -> 2.1.0);
#   3. entity: io.posdb.orm.User gets the docs' `email` field and its accessors;
#   4. bin/new-changeset add-user-email (it must write NNNN-add-user-email.yaml);
#   5. bin/new-changeset --data normalise-product-active-flags, its TODOs filled with a real audited
#      change (legacy 'true'/'no' flags in product.is_active become 1/0) and real tests;
#   6. bin/new-changeset again: the entities and the changelog must agree ("no changes");
#   7. posdb lint on the copy's changelog;
#   8. mvn test: the whole in-process suite, nothing skipped.
# Each step prints `worked-example: <step> ok`; the first failure prints
# `worked-example: FAILED: <step> (exit N)` with the tail of its output and exits 1.
# Usage: scripts/worked-example.sh [--offline] [--keep]
#   --offline  Maven runs with -o (every dependency already in ~/.m2); CI runs online.
#   --keep     keep the copy (its path is printed) instead of removing it at exit.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

offline=false
keep=false
for arg in "$@"; do
  case "$arg" in
    --offline) offline=true ;;
    --keep) keep=true ;;
    *) echo "usage: scripts/worked-example.sh [--offline] [--keep]" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d "${TMPDIR:-/tmp}/posdb-worked-example.XXXXXX")"
if $keep; then
  trap 'echo "worked-example: the copy is kept in $work/repo"' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
copy="$work/repo"
log="$work/step.log"

# step NAME COMMAND...: runs one step in the copy, prints one line; on failure prints the step,
# its exit code and the tail of its output, and stops (exit 1).
step() {
  local name="$1"; shift
  local started=$SECONDS
  (cd "$copy" && "$@") >"$log" 2>&1
  local code=$?
  if [[ $code -ne 0 ]]; then
    echo "worked-example: FAILED: $name (exit $code)"
    tail -n 40 "$log" | sed 's/^/    /'
    exit 1
  fi
  echo "worked-example: $name ok ($((SECONDS - started))s)"
}

copy_repository() {
  mkdir -p "$copy"
  # Files that were deleted but not yet committed are listed by git and absent: skipped.
  (cd "$root" && git ls-files -z --cached --others --exclude-standard) \
    | while IFS= read -r -d '' f; do [[ -e "$root/$f" ]] && printf '%s\0' "$f"; done \
    | (cd "$root" && tar --null -T - -cf -) | tar -C "$copy" -xf - || return 1
  if $offline; then
    # .mvn/maven.config reaches every mvn the copy runs, bin/new-changeset's included.
    mkdir -p "$copy/.mvn" && echo "-o" >>"$copy/.mvn/maven.config"
  fi
}

raise_release() {
  local current next
  current="$(sed -n '0,/<artifactId>posdb<\/artifactId>/d; s/^  <version>\(.*\)<\/version>.*/\1/p' pom.xml | head -n 1)"
  [[ "$current" =~ ^([0-9]+)\.([0-9]+)\.[0-9]+ ]] || { echo "no X.Y.Z project <version> in pom.xml: '$current'"; return 1; }
  next="${BASH_REMATCH[1]}.$((BASH_REMATCH[2] + 1)).0"
  sed -i "0,/^  <version>$current<\/version>/s//  <version>$next<\/version>/" pom.xml
  grep -q "^  <version>$next</version>" pom.xml || { echo "pom.xml still says $current"; return 1; }
  echo "release $current -> $next"
}

add_email_to_user() {
  local user=src/main/java/io/posdb/orm/User.java
  if grep -q '"email"' "$user"; then
    echo "$user already has email: the worked example has shipped; give docs/writing-migrations.md and this script a new one"
    return 1
  fi
  # The field and accessors exactly as the docs show them, before the class's closing brace.
  awk -v last="$(grep -n '^}' "$user" | tail -n 1 | cut -d: -f1)" '
    NR == last {
      print ""
      print "    @Column(name = \"email\", unique = true, length = 255)"
      print "    private String email;"
      print ""
      print "    public String getEmail() { return email; }"
      print "    public void setEmail(String email) { this.email = email; }"
    }
    { print }' "$user" >"$user.new" && mv "$user.new" "$user"
  grep -q 'public void setEmail(String email)' "$user"
}

generate_email_changeset() {
  bin/new-changeset add-user-email | tee "$work/generated.txt"
  grep -q '^wrote changelog/changes/[0-9]\{4\}-add-user-email.yaml because:' "$work/generated.txt" \
    && grep -q 'new column user.email VARCHAR(255) (nullable)' "$work/generated.txt"
}

# The data-change example with its TODOs filled: the class declares the facts, the YAML says what
# and why, the verification names the allowed values, and the tests are written at the three levels.
fill_data_change() {
  bin/new-changeset --data normalise-product-active-flags | tee "$work/data.txt" || return 1
  local change verify id verify_id
  change="$(grep -o 'changelog/changes/[0-9]\{4\}-normalise-product-active-flags.yaml' "$work/data.txt")"
  verify="$(grep -o 'changelog/changes/[0-9]\{4\}-normalise-product-active-flags-verify.yaml' "$work/data.txt")"
  [[ -n "$change" && -n "$verify" ]] || { echo "the scaffold did not name its two changeset files"; return 1; }
  id="$(basename "$change" .yaml)"
  verify_id="$(basename "$verify" .yaml)"
  sed -i -e 's/^# TODO: say what this data change does and why (the issue it answers)./# Legacy tills stored product.is_active as words ('"'"'true'"'"', '"'"'no'"'"'); the entity reads 1\/0./' \
         -e 's/comment: TODO one line on what changes/comment: "Normalise product.is_active words to 1\/0; compatibility: compatible, because older releases read 1 and 0"/' "$change"
  sed -i -e 's/value: TODO_table/value: product/' -e 's/value: TODO_column/value: is_active/' \
         -e 's/value: "TODO,values"/value: "1,0"/' "$verify"
  local main=src/main/java/io/posdb/migration/changes test=src/test/java/io/posdb/migration/changes
  cat >"$main/NormaliseProductActiveFlags.java" <<JAVA
package io.posdb.migration.changes;

import io.posdb.migration.data.AuditedValueChange;
import io.posdb.migration.data.ValueChangeFacts;
import io.posdb.migration.data.ValueMapping;
import java.util.Map;

/**
 * Legacy tills wrote product.is_active as words ('true', ' Yes', 'no'); the entity reads 1 and 0.
 * A word that is neither (a 'maybe') is left as it was, counted as an error and named by the
 * verification that follows: guessing whether a product is on sale would change the till's range.
 * Changeset $id. Everything but the facts is AuditedValueChange's.
 */
public class NormaliseProductActiveFlags extends AuditedValueChange {

    @Override
    protected ValueChangeFacts facts() {
        return new ValueChangeFacts("Normalise product active flags", "$id")
                .table("product", "id", "is_active")
                .label("sku")
                .mapping(ValueMapping.pairs(Map.of("true", "1", "yes", "1", "false", "0", "no", "0")))
                .wording("Product active flag normalisation", "product", "normalising");
    }
}
JAVA
  cat >"$test/NormaliseProductActiveFlagsTest.java" <<JAVA
package io.posdb.migration.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posdb.changelog.ChangelogSource;
import io.posdb.database.SqliteDatabase;
import io.posdb.migration.data.AllowedValues;
import io.posdb.migration.data.ValueChangeStats;
import io.posdb.runner.LiquibaseMigrations;
import io.posdb.testsupport.ChangelogSteps;
import io.posdb.testsupport.LegacyDatabases;
import io.posdb.testsupport.QuietLogs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import liquibase.database.Database;
import liquibase.exception.CustomPreconditionFailedException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** NormaliseProductActiveFlags ($id) at the three levels of the house style. */
@ExtendWith(QuietLogs.class)
class NormaliseProductActiveFlagsTest {

    @TempDir
    Path dir;

    @Test
    void changesEachValueAndAuditsIt_calledDirectlyOnASeededDatabase() throws Exception {
        Path file = shopWithFlags("'true'", "' Yes'", "'no'", "1");

        ValueChangeStats stats = run(file);

        assertThat(strings(file, "SELECT is_active FROM product WHERE sku LIKE 'T-%' ORDER BY sku"))
                .containsExactly("1", "1", "0", "1");
        assertThat(stats.updatedCount()).isEqualTo(3);
        assertThat(stats.errorCount()).isZero();
        assertThat(strings(file, "SELECT old_value || '>' || new_value FROM data_migration_audit "
                + "WHERE changeset_id = '$id' ORDER BY CAST(row_id AS INTEGER)"))
                .containsExactly("true>1", " Yes>1", "no>0");
    }

    @Test
    void theMasterChangelogRunsItOnTheLegacyFixtureAndMarksItRanWhenNothingIsToDo() throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("legacy.db"));

        new LiquibaseMigrations(SqliteDatabase.at(file), ChangelogSource.packaged()).update();

        assertThat(strings(file, "SELECT exectype FROM databasechangelog WHERE id = '$id'"))
                .as("every legacy flag is already 1 or 0").containsExactly("MARK_RAN");
        assertThat(strings(file, "SELECT exectype FROM databasechangelog WHERE id = '$verify_id'"))
                .containsExactly("EXECUTED");
    }

    @Nested
    class FailurePaths {

        @Test
        void anUnmappableValueIsLeftUnchangedAndTheVerificationHaltsNamingIt() throws Exception {
            Path file = shopWithFlags("'true'", "'maybe'");

            ValueChangeStats stats = run(file);

            assertThat(stats.errorCount()).isEqualTo(1);
            assertThat(strings(file, "SELECT is_active FROM product WHERE sku LIKE 'T-%' ORDER BY sku"))
                    .containsExactly("1", "maybe");
            AllowedValues verification = new AllowedValues();
            verification.setTableName("product");
            verification.setIdColumn("id");
            verification.setColumn("is_active");
            verification.setAllowedValues("1,0");
            try (Connection connection = LegacyDatabases.open(file)) {
                assertThatThrownBy(() -> verification.check(ChangelogSteps.wrap(connection)))
                        .isInstanceOf(CustomPreconditionFailedException.class)
                        .hasMessageStartingWith("1 row(s) of table product have a is_active other than '1'/'0'");
            }
        }
    }

    /** A legacy shop at the audit table's changeset, with one test product per flag (T-0, T-1, ...). */
    private Path shopWithFlags(String... flags) throws Exception {
        Path file = LegacyDatabases.shop(dir.resolve("shop.db"));
        ChangelogSteps.applyFirst(file, 7);
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement()) {
            for (int i = 0; i < flags.length; i++) {
                statement.execute("INSERT INTO product (sku, name, price, is_active) VALUES ('T-" + i + "', 'Test', "
                        + "'1.00', " + flags[i] + ")");
            }
        }
        return file;
    }

    private static ValueChangeStats run(Path file) throws Exception {
        NormaliseProductActiveFlags change = new NormaliseProductActiveFlags();
        try (Connection connection = LegacyDatabases.open(file)) {
            connection.setAutoCommit(false);
            Database database = ChangelogSteps.wrap(connection);
            assertThat(change.validate(database).getErrorMessages()).isEmpty();
            change.execute(database);
            connection.commit();
            return change.valueStats();
        }
    }

    private static List<String> strings(Path file, String query) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = LegacyDatabases.open(file); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
JAVA
  if grep -n 'TODO' "$change" "$verify" "$main/NormaliseProductActiveFlags.java" "$test/NormaliseProductActiveFlagsTest.java"; then
    echo "TODOs left in the data change"
    return 1
  fi
}

entities_and_changelog_agree() {
  bin/new-changeset add-user-email-again | tee "$work/again.txt"
  grep -q '^no changes: the entities match the schema' "$work/again.txt"
}

maven=(mvn -B -ntp)
$offline && maven+=(-o)

echo "worked-example: copying $root to $copy"
copy_repository || { echo "worked-example: FAILED: copy"; exit 1; }
step "release number" raise_release
step "email on io.posdb.orm.User" add_email_to_user
step "bin/new-changeset add-user-email" generate_email_changeset
step "bin/new-changeset --data, filled" fill_data_change
step "bin/new-changeset again: no changes" entities_and_changelog_agree
step "posdb lint" bash -c 'java -cp "target/classes:$(cat target/classpath.txt)" io.posdb.cli.PosdbCommand lint'
step "mvn test (the in-process suite)" "${maven[@]}" -q test
echo "worked-example: the worked example leaves the suite green"
