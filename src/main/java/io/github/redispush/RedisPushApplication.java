package io.github.redispush;

import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/** The camel-main launcher: routes come from {@code routes/*.yaml}, configuration from application.properties. */
public final class RedisPushApplication {

    /** The exit status for a setting that cannot work, as sysexits' EX_CONFIG. */
    static final int CONFIGURATION_ERROR = 78;

    private RedisPushApplication() {
    }

    public static void main(String... args) throws Exception {
        // before anything else, the logging set-up included, so the warm-up has the second core while it runs
        StartupWarmUp.start();
        // PushConfiguration binds the beans the routes call. Named here rather than found by a package scan: in the
        // packaged jar the scan inflates every entry of the 52 MB jar to find it, about 0.6 s of the start-up
        Main main = new Main();
        main.configure().addConfiguration(PushConfiguration.class);
        if (TrainingRun.requested() && !TrainingRun.prepare(main)) {
            System.exit(CONFIGURATION_ERROR);
        }
        int status;
        try {
            status = main.run(args);
        } catch (Exception e) {
            InvalidConfigurationException configuration = InvalidConfigurationException.in(e);
            if (configuration == null) {
                throw e;
            }
            // one line that names the property, no stack trace; marking main as done keeps Camel's JVM hook from
            // reporting the exit as "shutdown hook triggered by SIGTERM"
            main.completed();
            LoggerFactory.getLogger(RedisPushApplication.class).error("cannot start: {}", configuration.getMessage());
            status = CONFIGURATION_ERROR;
        }
        System.exit(status);
    }
}
