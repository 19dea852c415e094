package io.github.redispush.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard's page, style and script, read once from the jar ({@code redis-push/dashboard/}). Only these three
 * names are served: the request names a file of this list, never a path.
 */
public class DashboardFiles {

    private static final String FOLDER = "redis-push/dashboard/";
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8");

    private final Map<String, byte[]> files;

    public DashboardFiles() {
        this.files = Map.of("index.html", load("index.html"), "dashboard.css", load("dashboard.css"), "dashboard.js", load("dashboard.js"));
    }

    public byte[] read(String name) {
        byte[] file = files.get(name);
        if (file == null) {
            throw new NoSuchDashboardFileException(name);
        }
        return file;
    }

    public String contentType(String name) {
        read(name);
        return TYPES.get(name);
    }

    private static byte[] load(String name) {
        try (InputStream in = DashboardFiles.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException(FOLDER + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Not one of the dashboard's files (HTTP 404). */
    public static class NoSuchDashboardFileException extends RuntimeException {
        public NoSuchDashboardFileException(String name) {
            super("no dashboard file named '" + name + "'");
        }
    }
}
