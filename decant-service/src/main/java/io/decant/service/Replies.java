package io.decant.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Writes JSON replies and the error body {@code {"error":{"code":…,"message":…}}}. */
final class Replies {
    static final String JSON = "application/json";
    static final String NDJSON = "application/x-ndjson";
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private Replies() {
    }

    /** What a reply writes into its generator. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** Answers with one JSON document. */
    static void json(ProtocolExchange ex, int status, Body body) throws IOException {
        try (JsonGenerator g = generator(ex.respond(status, JSON))) {
            body.write(g);
        }
    }

    static void error(ProtocolExchange ex, ProtocolError e) throws IOException {
        if (e.code() == ProtocolError.Code.UNAUTHORIZED) {
            ex.responseHeader("WWW-Authenticate", "Bearer");
        }
        json(ex, e.code().status(), g -> errorObject(g, e));
    }

    /** {@code {"error":{"code":…,"message":…}}}: the body of an error reply, and the last line of a failed stream. */
    static void errorObject(JsonGenerator g, ProtocolError e) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("error");
        g.writeStringField("code", e.code().wire());
        g.writeStringField("message", e.getMessage() == null ? e.code().wire() : e.getMessage());
        g.writeEndObject();
        g.writeEndObject();
    }

    static JsonGenerator generator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(new BufferedOutputStream(out, 1 << 16));
    }
}
