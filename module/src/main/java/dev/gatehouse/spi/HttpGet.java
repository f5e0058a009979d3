package dev.gatehouse.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Answers plain HTTP {@code GET} requests at one path of the standalone server ({@link
 * dev.gatehouse.GatehouseServer.Builder#httpGet}), for example a demo's token service. Called on a Grizzly worker
 * thread; it should answer quickly. One that throws is answered with 500.
 */
@FunctionalInterface
public interface HttpGet {

    /**
     * Answers one request.
     *
     * @param query the request's query parameters, UTF-8 decoded, the first value of each
     * @return the answer
     */
    Answer answer(Map<String, String> query);

    /**
     * The answer to one request, sent with {@code Cache-Control: no-store}.
     *
     * @param status the HTTP status
     * @param contentType the media type of the body, for example {@code application/json}; UTF-8 is added
     * @param body the body
     */
    record Answer(int status, String contentType, String body) {
        /**
         * Checks the values.
         *
         * @param status the HTTP status, 100 to 599
         * @param contentType the media type of the body
         * @param body the body
         */
        public Answer {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("not an HTTP status: " + status);
            }
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
        }
    }
}
