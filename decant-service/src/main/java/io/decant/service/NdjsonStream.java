package io.decant.service;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * A streamed reply: one JSON value a line, ending with exactly one object line
 * {@code {"end":{"count":n}}} when everything was sent, or {@code {"error":{…}}} when the call
 * failed after the stream had started. A reader that sees neither got a cut stream.
 */
final class NdjsonStream implements AutoCloseable {
    private final JsonGenerator g;
    private long count;
    private boolean ended;

    NdjsonStream(ProtocolExchange ex) throws IOException {
        this.g = Replies.generator(ex.respond(200, Replies.NDJSON));
    }

    JsonGenerator generator() {
        return g;
    }

    /** Ends the line of an item just written. */
    void item() throws IOException {
        g.writeRaw('\n');
        count++;
    }

    /** Ends a line that is not an item (a header). */
    void line() throws IOException {
        g.writeRaw('\n');
    }

    void flush() throws IOException {
        g.flush();
    }

    void end() throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("end");
        g.writeNumberField("count", count);
        g.writeEndObject();
        g.writeEndObject();
        g.writeRaw('\n');
        ended = true;
    }

    void fail(ProtocolError e) throws IOException {
        Replies.errorObject(g, e);
        g.writeRaw('\n');
        ended = true;
    }

    boolean ended() {
        return ended;
    }

    @Override
    public void close() throws IOException {
        g.close();
    }
}
