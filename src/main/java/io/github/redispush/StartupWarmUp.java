package io.github.redispush;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * One-off work the first push waits for that depends on no setting, done on a daemon thread from the moment the
 * process starts: camel-main starts on one thread, so this runs beside it on the second core instead of in its path.
 * {@code -Dredis-push.startup-warm-up=false} turns it off (to measure it, or to write a new class list).
 */
final class StartupWarmUp implements Runnable {

    /**
     * The classes a start-up loads before its first delivery, in the order it loads them (the logging set-up's
     * left out: it runs first, on the main thread, while this starts). Written by {@code bench/startup-classes.sh}.
     */
    static final String STARTUP_CLASSES = "META-INF/redis-push/startup-classes.txt";

    private StartupWarmUp() {
    }

    static void start() {
        if (!Boolean.parseBoolean(System.getProperty("redis-push.startup-warm-up", "true"))) {
            return;
        }
        Thread thread = new Thread(new StartupWarmUp(), "startup-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            // camel-http builds the JDK's default TLS context for its https socket factory even when push.url is
            // http://; reading the CA certificates and loading the TLS classes took 0.1-0.3 s of the start-up. The
            // JDK keeps the trusted certificates it read, so camel-http's own context then comes at once
            SSLContext.getInstance("TLS").init(null, null, null);
        } catch (Exception | LinkageError e) {
            // only a head start, and no logger here (the logging set-up is part of what this runs beside):
            // camel-http meets, and reports, the same problem itself
        }
        loadStartupClasses();
    }

    /**
     * Loads and links (verifies) the start-up's classes ahead of the main thread, which then finds them ready: without
     * a class data sharing archive (which needs JVM options) reading, defining and verifying about 5,000 classes of
     * the jar is most of the main thread's start-up. Classes are not initialised here, so no static initialiser runs
     * out of its usual order; a class that is missing or fails to link is skipped, and the main thread meets and
     * reports the same failure where it would have anyway.
     */
    private static void loadStartupClasses() {
        ClassLoader loader = StartupWarmUp.class.getClassLoader();
        try (InputStream list = loader.getResourceAsStream(STARTUP_CLASSES)) {
            if (list == null) {
                return;
            }
            BufferedReader names = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8));
            for (String name = names.readLine(); name != null; name = names.readLine()) {
                try {
                    // asking for the constructors links the class: verification is the larger half of its cost
                    Class.forName(name, false, loader).getDeclaredConstructors();
                } catch (Exception | LinkageError e) {
                    // not on this class path (another version of a library): the main thread does without it
                }
            }
        } catch (IOException e) {
            // only a head start
        }
    }
}
