package io.posdb.failure;

import java.nio.file.FileSystemException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The reason a failure message gives, never {@code null} nor a bare Java class name: some
 * errors carry no message at all (a {@code NoSuchElementException} deep in a library), and a
 * wrapper made with {@code new SomeException(cause)} carries only the cause's class name. Every
 * message an operator reads is built as "what failed on which object: " + {@link #of}.
 */
public final class FailureReason {

    private static final Pattern BARE_CLASS_NAME = Pattern.compile("(?:[a-z]\\w*\\.)+[A-Z]\\w*");
    /**
     * The class name a wrapper puts before its cause's message ({@code liquibase.exception.DatabaseException: }):
     * Liquibase nests several, and a support person reads none of them.
     */
    private static final Pattern CLASS_NAME_PREFIX =
            Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error): ");
    /**
     * How Liquibase words a precondition it could not check (its ErrorPrecondition): "{@code <changelog> :
     * <the precondition object's default toString> : <cause>}", e.g. "{@code changelog/db.changelog-master.yaml :
     * liquibase.precondition.core.SqlPrecondition@10f7f7de : no such table: user}". The changelog is the master
     * whatever file holds the changeset, and {@code SqlPrecondition@10f7f7de} is nothing a changelog says; the
     * precondition's own name ({@code sqlCheck}) is.
     */
    private static final Pattern UNCHECKED_PRECONDITION =
            Pattern.compile("(?:\\S+ : )?liquibase\\.precondition\\.(?:core\\.)?(\\w+)@\\p{XDigit}+(?: : )?");
    /**
     * Liquibase's frame around the errors its validation of a changelog found ({@code ValidationFailedException}):
     * "{@code Validation Failed:}", then per kind a count line ("{@code 1 changes have validation failures}") and
     * the errors, one a line, each followed by the changeset it is about as Liquibase names it
     * ({@code , <file>::<id>::<author>}). The operator reads the errors alone, on one line, each naming its changeset
     * and file once (posdb's own refusals there, the SQLite guard's, name them already).
     */
    private static final Pattern VALIDATION_FAILED = Pattern.compile("Validation Failed:\\s*(.*)", Pattern.DOTALL);
    private static final Pattern VALIDATION_COUNT = Pattern.compile("\\d+ changes? (?:have|has) validation failures?");
    private static final Pattern CHANGESET_NAMED_BY_LIQUIBASE = Pattern.compile(", ([^\\s,]+)::([^\\s:]+)::[^\\s:]+$");
    private static final Pattern WORD_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");

    private FailureReason() {
    }

    /**
     * The first message in {@code error}'s causes that says something (not blank, not "null",
     * not a class name alone, not a wrapper's copy of its cause's), without the class names wrappers put
     * before a reason; when none does, the innermost error's kind in words ("unexpected no such element
     * error"), so the message still says what happened.
     */
    public static String of(Throwable error) {
        Throwable innermost = error;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? null : withoutClassNames(cause.getMessage());
            if (says(message) && !repeatsItsCause(cause)) {
                // A file error with no reason names only the file: its kind, in words, is the reason ("access denied").
                return cause instanceof FileSystemException file && file.getReason() == null
                        ? message + " (" + fileErrorInWords(file.getClass()) + ")" : message;
            }
            innermost = cause;
            if (cause.getCause() == cause) {
                break;
            }
        }
        return innermost == null ? "unknown error" : "unexpected " + kindInWords(innermost.getClass());
    }

    /** A wrapper made with {@code new SomeException(cause)}: its message is the cause's class name and message. */
    private static boolean repeatsItsCause(Throwable error) {
        return error.getCause() != null && error.getMessage().equals(error.getCause().toString());
    }

    /**
     * {@code text} without the exception class names that wrappers put before a reason, and a Liquibase
     * precondition named as a changelog names it ({@link #UNCHECKED_PRECONDITION}).
     */
    static String withoutClassNames(String text) {
        String named = UNCHECKED_PRECONDITION.matcher(text).replaceAll(precondition -> Matcher.quoteReplacement(
                "precondition " + preconditionName(precondition.group(1))
                        + (precondition.group().endsWith(" : ") ? " could not be checked: " : "")));
        return validationErrors(CLASS_NAME_PREFIX.matcher(named).replaceAll(""));
    }

    /**
     * {@code text} with Liquibase's validation frame ({@link #VALIDATION_FAILED}) taken off: the errors alone, joined
     * by "; " on one line, without the count lines and the {@code file::id::author} after each.
     */
    private static String validationErrors(String text) {
        Matcher frame = VALIDATION_FAILED.matcher(text);
        if (!frame.find()) {
            return text;
        }
        List<String> errors = frame.group(1).lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !VALIDATION_COUNT.matcher(line).matches())
                .map(FailureReason::namingItsChangeset).toList();
        return errors.isEmpty() ? text : text.substring(0, frame.start()) + String.join("; ", errors);
    }

    /** One validation error, its changeset named first ("changeset id (file): ") unless the error names it already. */
    private static String namingItsChangeset(String line) {
        Matcher changeset = CHANGESET_NAMED_BY_LIQUIBASE.matcher(line);
        if (!changeset.find()) {
            return line;
        }
        String error = line.substring(0, changeset.start());
        return error.contains(changeset.group(2)) ? error
                : "changeset " + changeset.group(2) + " (" + changeset.group(1) + "): " + error;
    }

    /**
     * The name a changelog gives a Liquibase 4 precondition class: mostly the class's name without
     * "Precondition", starting in lower case ({@code TableExistsPrecondition}: {@code tableExists}); these
     * few are named otherwise.
     */
    private static String preconditionName(String className) {
        return switch (className) {
            case "SqlPrecondition" -> "sqlCheck";
            case "CustomPreconditionWrapper" -> "customPrecondition";
            case "DBMSPrecondition" -> "dbms";
            case "ForeignKeyExistsPrecondition" -> "foreignKeyConstraintExists";
            case "ObjectQuotingStrategyPrecondition" -> "expectedQuotingStrategy";
            case "PreconditionContainer" -> "preConditions";
            default -> {
                String name = className.replaceFirst("Precondition$", "");
                yield name.isEmpty() ? className : Character.toLowerCase(name.charAt(0)) + name.substring(1);
            }
        };
    }

    /** Whether {@code message} says anything an operator can read. */
    public static boolean says(String message) {
        return message != null && !message.isBlank() && !message.strip().equals("null")
                && !BARE_CLASS_NAME.matcher(message.strip()).matches();
    }

    /** {@code NoSuchFileException} as "no such file", {@code AccessDeniedException} as "access denied". */
    private static String fileErrorInWords(Class<?> kind) {
        return kind == FileSystemException.class ? "file system error" : inWords(kind).collect(Collectors.joining(" "));
    }

    /** {@code NoSuchElementException} as "no such element error", {@code IOException} as "IO error". */
    static String kindInWords(Class<?> kind) {
        return Stream.concat(inWords(kind), Stream.of("error")).collect(Collectors.joining(" "));
    }

    /** The words of the class's name without "Exception" or "Error", acronyms kept ("IO"), the rest lower case. */
    private static Stream<String> inWords(Class<?> kind) {
        Class<?> named = kind;
        while (named.isAnonymousClass()) {
            named = named.getSuperclass();
        }
        return WORD_BOUNDARY.splitAsStream(named.getSimpleName().replaceFirst("(?:Exception|Error)$", ""))
                .filter(word -> !word.isEmpty())
                .map(word -> word.equals(word.toUpperCase(Locale.ROOT)) ? word : word.toLowerCase(Locale.ROOT));
    }
}
