package io.posdb;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * What posdb writes for machines (changeset ids and file names, SQL, identifiers, file modes) must not depend
 * on the locale of the machine it runs on: under an Arabic or Persian locale {@code String.format("%04d", 12)}
 * writes {@code ٠٠١٢}, and under a Turkish one {@code "ID".toLowerCase()} writes {@code ıd}. posdb formats and
 * changes case with {@link java.util.Locale#ROOT}; this rule reads the compiled classes, so a new call without
 * it fails the build.
 */
class TextWithoutLocaleTest {

    @Test
    void noClassFormatsOrChangesCaseWithTheMachinesLocale() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.posdb");

        noClasses().should().callMethod(String.class, "format", String.class, Object[].class)
                .orShould().callMethod(String.class, "formatted", Object[].class)
                .orShould().callMethod(String.class, "toLowerCase")
                .orShould().callMethod(String.class, "toUpperCase")
                .because("the machine's locale would change the text (String.format(Locale.ROOT, ...), "
                        + "toLowerCase(Locale.ROOT))")
                .check(classes);
    }
}
