package io.github.redispush.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prints the slowest test classes of the run, from the surefire and failsafe XML reports (each class's
 * {@code <testsuite time=...>}). Run by the build after the integration tests (exec-maven-plugin, see pom.xml);
 * arguments: the report directories, then optionally how many to print (10). Reports older than this JVM (run in
 * Maven's own JVM, it started with the build) are left out: they are an earlier run's.
 */
public final class SlowestTestClasses {

    private static final Pattern SUITE = Pattern.compile("<testsuite\\b[^>]*>");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\b(name|time|tests)=\"([^\"]*)\"");

    record Timed(String name, double seconds, String tests, String phase) {
    }

    private SlowestTestClasses() {
    }

    public static void main(String[] args) throws IOException {
        int count = 10;
        List<Path> directories = new ArrayList<>();
        for (String arg : args) {
            if (arg.matches("\\d+")) {
                count = Integer.parseInt(arg);
            } else {
                directories.add(Path.of(arg));
            }
        }
        long buildStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        List<Timed> timed = new ArrayList<>();
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> reports = Files.list(directory)) {
                for (Path report : reports.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml"))
                        .filter(p -> modified(p) >= buildStart).toList()) {
                    read(report, directory.getFileName().toString().replace("-reports", "")).ifPresent(timed::add);
                }
            }
        }
        if (timed.isEmpty()) {
            System.out.println("No test report from this run in " + directories);
            return;
        }
        timed.sort(Comparator.comparingDouble(Timed::seconds).reversed());
        double total = timed.stream().mapToDouble(Timed::seconds).sum();
        System.out.printf(Locale.ROOT, "Slowest test classes of this run (%d of %d, %.0f s in all):%n", Math.min(count, timed.size()), timed.size(), total);
        for (Timed t : timed.subList(0, Math.min(count, timed.size()))) {
            System.out.printf(Locale.ROOT, "  %7.1f s  %-9s %s (%s tests)%n", t.seconds(), t.phase(), t.name(), t.tests());
        }
    }

    private static long modified(Path report) {
        try {
            return Files.getLastModifiedTime(report).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static java.util.Optional<Timed> read(Path report, String phase) throws IOException {
        // the opening tag is near the top; the rest (properties, test cases, output) is not needed
        String head;
        try (var reader = Files.newBufferedReader(report)) {
            char[] buffer = new char[64 * 1024];
            int read = reader.read(buffer);
            head = read <= 0 ? "" : new String(buffer, 0, read);
        }
        Matcher suite = SUITE.matcher(head);
        if (!suite.find()) {
            return java.util.Optional.empty();
        }
        String name = null;
        String time = null;
        String tests = "?";
        Matcher attribute = ATTRIBUTE.matcher(suite.group());
        while (attribute.find()) {
            switch (attribute.group(1)) {
                case "name" -> name = attribute.group(2);
                case "time" -> time = attribute.group(2).replace(",", "");
                default -> tests = attribute.group(2);
            }
        }
        if (name == null || time == null) {
            return java.util.Optional.empty();
        }
        String simple = name.startsWith("io.github.redispush.") ? name.substring("io.github.redispush.".length()) : name;
        return java.util.Optional.of(new Timed(simple, Double.parseDouble(time), tests, phase));
    }
}
