package io.posdb.spring.boot;

import static io.posdb.spring.boot.PosdbAutoConfigurationTest.manifestIds;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.posdb.failure.BootFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /actuator/posdb} called over HTTP, as an operator calls it, on a whole application with a servlet server. */
class PosdbEndpointOverHttpTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aShopFileGoneWhileTheServiceRunsIsRefusedWith503NamingTheKindAndTheFileInOneLogLineWithoutAStackTrace()
            throws Exception {
        Path file = Shops.legacyShop(dir.resolve("pos.db"), "WAL");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PosdbSpringApplicationTest.Till.class)
                .web(WebApplicationType.SERVLET).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .run("--posdb.db=" + file, "--server.port=0", "--spring.jpa.open-in-view=false",
                        "--management.endpoints.web.exposure.include=health,posdb")) {
            URI endpoint = URI.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port")
                    + "/actuator/posdb");
            HttpResponse<String> upgraded = get(endpoint);
            assertThat(upgraded.statusCode()).as(upgraded.body()).isEqualTo(200);
            assertThat(json(upgraded).get("changeSets").findValuesAsString("id")).isEqualTo(manifestIds());

            moveAway(file);
            // Listened to once the application has started: Spring Boot's logging setup replaces earlier appenders.
            ListAppender<ILoggingEvent> everyLogLine = new ListAppender<>();
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            everyLogLine.start();
            root.addAppender(everyLogLine);
            HttpResponse<String> gone;
            List<String> posdbLines;
            try (PosdbLogLines posdbLog = new PosdbLogLines()) {
                gone = get(endpoint);
                posdbLines = posdbLog.messages();
            } finally {
                root.detachAppender(everyLogLine);
            }

            assertThat(gone.statusCode()).as(gone.body()).isEqualTo(503);
            JsonNode refusal = json(gone);
            assertThat(refusal.get("kind").asString()).isEqualTo(BootFailure.MISSING_DATABASE.name());
            assertThat(refusal.get("database").asString()).isEqualTo(file.toString());
            assertThat(refusal.get("error").asString()).contains(file.toString());
            assertThat(posdbLines).filteredOn(line -> line.contains("/actuator/posdb")).singleElement().asString()
                    .contains(BootFailure.MISSING_DATABASE.name(), file.toString());
            assertThat(everyLogLine.list).as("log lines with a stack trace")
                    .filteredOn(line -> line.getThrowableProxy() != null).isEmpty();
            assertThat(file).as("the read creates no empty file in the shop's place").doesNotExist();
        }
    }

    private HttpResponse<String> get(URI endpoint) throws Exception {
        return http.send(HttpRequest.newBuilder(endpoint).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.builder().build().readTree(response.body());
    }

    private void moveAway(Path file) throws Exception {
        Path away = Files.createDirectory(dir.resolve("away"));
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path part = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(part)) {
                Files.move(part, away.resolve(part.getFileName()));
            }
        }
    }
}
