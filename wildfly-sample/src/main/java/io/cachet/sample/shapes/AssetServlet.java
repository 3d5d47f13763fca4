package io.cachet.sample.shapes;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;

/**
 * Static files from the web application's {@code /assets} folder, as a container's default servlet
 * serves them (the JAX-RS application is mapped to {@code /*}, so the default servlet never sees
 * them here): the file, or {@code sendError(404)}. Under {@code cachet.http.response-cache-shared}
 * in web.xml, so every visitor shares one entry whatever cookies they carry.
 */
@WebServlet(urlPatterns = "/assets/*")
public class AssetServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, true);
    }

    /** As default servlets answer HEAD: the file's length, and no body. */
    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean body) throws IOException {
        String name = String.valueOf(request.getPathInfo());
        try (InputStream file = name.contains("..") ? null : getServletContext().getResourceAsStream("/assets" + name)) {
            if (file == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            byte[] bytes = file.readAllBytes();
            String type = getServletContext().getMimeType(name);
            response.setContentType(type == null ? "application/octet-stream" : type);
            response.setContentLength(bytes.length);
            if (body) {
                response.getOutputStream().write(bytes);
            }
        }
    }
}
