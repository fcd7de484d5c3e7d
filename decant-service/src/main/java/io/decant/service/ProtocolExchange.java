package io.decant.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * One HTTP request and its response, as {@link DecantService} handles it, free of any server's
 * API: the JDK's {@code HttpServer} ({@link DecantEndpoint}), a servlet container or a Spring
 * controller each adapt their own request to this.
 */
public interface ProtocolExchange {
    /** {@code GET}, {@code POST}, … */
    String method();

    /** The request path, decoded, without the query string (e.g. {@code /decant/v1/tables/orders/rows/read}). */
    String path();

    /** A request header's value (names are case-insensitive), or empty when absent. */
    Optional<String> header(String name);

    /** The request body. The service bounds how much of it it reads. */
    InputStream body();

    /** Sets a response header; called before {@link #respond}. */
    void responseHeader(String name, String value);

    /**
     * Sends the status line and headers, then returns the body to write; called once. The body is
     * streamed (chunked): its length is not known up front.
     */
    OutputStream respond(int status, String contentType) throws IOException;
}
