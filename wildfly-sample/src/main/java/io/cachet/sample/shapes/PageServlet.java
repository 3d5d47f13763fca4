package io.cachet.sample.shapes;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;

/**
 * Plain servlets under whole-response caching ({@code cachet.http.response-cache} in web.xml):
 * {@code /shapes/page/*} names the host it was asked for, as pages with absolute links do;
 * {@code /shapes/profile} shows the session's user (it is not under a cached pattern, but
 * {@code /shapes/profile;x.css} would match {@code *.css} by its raw URI);
 * {@code /shapes/page/forbidden} and {@code /shapes/page/missing} answer with {@code sendError}.
 */
@WebServlet(urlPatterns = {"/shapes/page/*", "/shapes/profile"})
public class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String info = String.valueOf(request.getPathInfo());
        if (info.equals("/forbidden")) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        if (info.equals("/missing")) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such page");
            return;
        }
        response.setContentType("text/plain;charset=UTF-8");
        if (request.getServletPath().equals("/shapes/profile")) {
            HttpSession session = request.getSession(false);
            response.getWriter().write("profile of " + (session == null ? "nobody" : session.getAttribute("user")));
        } else {
            response.getWriter().write("page for " + request.getServerName());
        }
    }
}
