package io.cachet.sample.shapes;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Written through Jackson ({@link JacksonWriter}), with Jackson's own annotations. */
public class JacksonDoc {
    @JsonProperty("doc_id")
    public final int id;
    @JsonProperty("title_text")
    public final String title;

    public JacksonDoc(int id, String title) {
        this.id = id;
        this.title = title;
    }
}
