package io.cachet.servlet;

import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** The request's {@code Cache-Control} directive names, lower-cased, from every header line. */
final class RequestDirectives {
    private RequestDirectives() {
    }

    static Set<String> of(Enumeration<String> cacheControl, String pragma) {
        Set<String> names = new HashSet<>();
        boolean any = false;
        while (cacheControl != null && cacheControl.hasMoreElements()) {
            any = true;
            String value = cacheControl.nextElement();
            boolean quoted = false;
            StringBuilder name = new StringBuilder();
            boolean inName = true;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && c == ',') {
                    add(names, name);
                    name.setLength(0);
                    inName = true;
                } else if (!quoted && c == '=') {
                    inName = false;
                } else if (inName && !quoted) {
                    name.append(c);
                }
            }
            add(names, name);
        }
        // HTTP/1.0: Pragma: no-cache counts only when there is no Cache-Control (RFC 9111 §5.4).
        if (!any && pragma != null && pragma.toLowerCase(Locale.ROOT).contains("no-cache")) {
            names.add("no-cache");
        }
        return names;
    }

    private static void add(Set<String> names, StringBuilder name) {
        String trimmed = name.toString().trim().toLowerCase(Locale.ROOT);
        if (!trimmed.isEmpty()) {
            names.add(trimmed);
        }
    }
}
