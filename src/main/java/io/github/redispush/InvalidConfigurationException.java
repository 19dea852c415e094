package io.github.redispush;

/**
 * A setting that cannot work (wrong Redis credentials, a port already taken, a value out of range): the launcher
 * reports it as one line that names the property, and exits, rather than retrying or logging a stack trace.
 */
public class InvalidConfigurationException extends IllegalArgumentException {

    public InvalidConfigurationException(String message) {
        super(message);
    }

    /** The configuration error somewhere in a failure's causes, or null when the failure is something else. */
    public static InvalidConfigurationException in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InvalidConfigurationException configuration) {
                return configuration;
            }
        }
        return null;
    }
}
