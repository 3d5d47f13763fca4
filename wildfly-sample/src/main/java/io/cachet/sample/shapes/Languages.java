package io.cachet.sample.shapes;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/** The request's preferred language, as an i18n helper bean reads it. */
@RequestScoped
public class Languages {
    @Inject
    HttpServletRequest request;

    public String preferred() {
        String header = request.getHeader("Accept-Language");
        return header == null ? "en" : header.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
