package io.posdb.spring.boot.actuate;

import io.posdb.api.PosDatabaseSettings;
import io.posdb.failure.PosDatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * {@code /actuator/posdb} over HTTP: the endpoint's answer, or, when posdb refuses to read the database (the
 * file the service booted is gone: {@code MISSING_DATABASE}, as {@code posdb history} refuses it; a file that is
 * no database; a server out of reach), HTTP 503 with a body naming the database, the kind and posdb's message, as
 * the health {@code posdb} is DOWN with them. posdb's checked exception thrown out of the operation would be
 * Spring's HTTP 500 with a stack trace in the log at every call: a refused read is the database's state, logged in
 * one line.
 */
@EndpointWebExtension(endpoint = PosdbEndpoint.class)
public class PosdbEndpointWebExtension {

    private static final Logger log = LoggerFactory.getLogger(PosdbEndpointWebExtension.class);

    private final PosdbEndpoint endpoint;
    private final PosDatabaseSettings settings;

    public PosdbEndpointWebExtension(PosdbEndpoint endpoint, PosDatabaseSettings settings) {
        this.endpoint = endpoint;
        this.settings = settings;
    }

    @ReadOperation
    public WebEndpointResponse<Object> posdb() {
        try {
            return new WebEndpointResponse<>(endpoint.posdb());
        } catch (PosDatabaseException e) {
            // posdb's message names the database by its description (no credentials); the kind says what to do.
            log.warn("posdb: /actuator/posdb refused, {}: {}", e.kind(), e.getMessage());
            return new WebEndpointResponse<>(new PosdbRefusal(settings.database().description(), e.kind().name(),
                    e.getMessage()), WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
    }

    /** The body of a refused read: the keys the health {@code posdb} gives the same failure in its details. */
    public record PosdbRefusal(String database, String kind, String error) {
    }
}
