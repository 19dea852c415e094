package io.github.redispush;

import javax.net.ssl.SSLContext;

/**
 * One-off work the first push waits for that depends on no setting, done on a daemon thread from the moment the
 * process starts: camel-main starts on one thread, so this runs beside it on the second core instead of in its path.
 */
final class StartupWarmUp implements Runnable {

    private StartupWarmUp() {
    }

    static void start() {
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
    }
}
