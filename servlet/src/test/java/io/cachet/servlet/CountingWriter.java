package io.cachet.servlet;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;

import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** Writes {@link Endpoints.Counted} and counts how often: a hit must not write the entity again. */
@Produces("application/x-counted")
public class CountingWriter implements MessageBodyWriter<Endpoints.Counted> {
    static final AtomicInteger WRITES = new AtomicInteger();

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == Endpoints.Counted.class;
    }

    @Override
    public void writeTo(Endpoints.Counted counted, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out)
            throws java.io.IOException {
        WRITES.incrementAndGet();
        out.write(("counted:" + counted.value()).getBytes(StandardCharsets.UTF_8));
    }
}
