package io.github.redispush.support;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The README's run command for the packaged jar, as the tests that start it as a process use it: {@code java
 * -XX:SharedArchiveFile=target/redis-push-app.jsa -Xlog:cds+dynamic=off -jar target/redis-push-app.jar}. The class
 * data sharing archive `mvn package` writes is named only when it exists (-Dcds.skip=true writes none); a start
 * that maps the jar's classes from it costs about 30% less CPU, which a suite of a few dozen starts feels.
 */
public final class PackagedJar {

    public static final File JAR = new File("target/redis-push-app.jar").getAbsoluteFile();
    public static final File ARCHIVE = new File("target/redis-push-app.jsa").getAbsoluteFile();

    private PackagedJar() {
    }

    /** java, the archive when there is one, the given JVM options, a -D option per property, -jar and the jar. */
    public static List<String> command(List<String> jvmOptions, Map<String, String> properties) {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        if (ARCHIVE.isFile()) {
            command.add("-XX:SharedArchiveFile=" + ARCHIVE.getPath());
            command.add("-Xlog:cds+dynamic=off");
        }
        command.addAll(jvmOptions);
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-jar");
        command.add(JAR.getPath());
        return command;
    }
}
