package io.cachet.sample.shapes;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** JSON through Jackson (WildFly's module) for {@link JacksonDoc}, beside JSON-B for the rest. */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class JacksonWriter implements MessageBodyWriter<JacksonDoc> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == JacksonDoc.class;
    }

    @Override
    public void writeTo(JacksonDoc doc, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        MAPPER.writeValue(out, doc);
    }
}
