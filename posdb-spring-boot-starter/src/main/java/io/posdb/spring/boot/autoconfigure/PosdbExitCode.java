package io.posdb.spring.boot.autoconfigure;

import java.lang.Thread.UncaughtExceptionHandler;
import java.lang.reflect.Method;
import org.slf4j.LoggerFactory;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;

/**
 * Makes posdb's exit code the process's when a startup posdb refused ends {@code main} with the
 * exception. Spring Boot's own path reads it from the {@link PosdbStartupFailure} in the causes (an
 * {@code ExitCodeGenerator}) and exits with it from its handler of the main thread's uncaught
 * exception; but first it publishes an {@code ExitCodeEvent} to the failed context, and when that
 * itself fails (seen with Spring Boot 4.1.2 and Actuator's metrics: the startup-time listener cannot be
 * created in a context already destroyed, "Unable to close ApplicationContext") the code is never
 * registered and the process exits 1.
 *
 * <p>So at the start of every run the main thread's uncaught-exception handler is wrapped, outermost:
 * Spring Boot's handler for the thread is made first (it would otherwise be made at the failure, around
 * this one, and would not pass an exception it logged on to it), then this one around it. At an uncaught
 * exception Spring's handler runs as before (it exits with the code when it has one); if it returns and
 * posdb's failure is among the causes, the process exits with posdb's code. An application that catches
 * the exception from {@code SpringApplication.run} itself is not affected.
 */
public class PosdbExitCode implements SpringApplicationRunListener {

    public PosdbExitCode(SpringApplication application, String[] args) {
    }

    @Override
    public void starting(ConfigurableBootstrapContext bootstrapContext) {
        springBootsHandlerFirst();
        Thread thread = Thread.currentThread();
        UncaughtExceptionHandler previous = thread.getUncaughtExceptionHandler();
        if (!(previous instanceof ExitWithPosdbsCode)) {
            thread.setUncaughtExceptionHandler(new ExitWithPosdbsCode(previous));
        }
    }

    /**
     * Spring Boot's handler of the current thread's uncaught exceptions, made now: its class is not
     * public, so through reflection; without it (another Spring Boot) this handler still works
     * whenever Spring Boot's is not made later.
     */
    private static void springBootsHandlerFirst() {
        try {
            Method forCurrentThread = Class.forName("org.springframework.boot.SpringBootExceptionHandler")
                    .getDeclaredMethod("forCurrentThread");
            forCurrentThread.setAccessible(true);
            forCurrentThread.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(PosdbExitCode.class).debug("Spring Boot's exception handler not made first: {}",
                    e.toString());
        }
    }

    /** The causes' posdb failure, or null. */
    static PosdbStartupFailure posdbFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PosdbStartupFailure failure) {
                return failure;
            }
        }
        return null;
    }

    private record ExitWithPosdbsCode(UncaughtExceptionHandler previous) implements UncaughtExceptionHandler {

        @Override
        public void uncaughtException(Thread thread, Throwable error) {
            try {
                previous.uncaughtException(thread, error);
            } finally {
                PosdbStartupFailure failure = posdbFailure(error);
                if (failure != null) {
                    System.exit(failure.getExitCode());
                }
            }
        }
    }
}
