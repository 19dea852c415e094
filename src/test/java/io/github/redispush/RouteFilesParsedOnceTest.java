package io.github.redispush;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceSupport;
import org.junit.jupiter.api.Test;

/**
 * The launcher's YAML loader reads each route file once (camel-main's pre-parse keeps the document for the load) and
 * gives the same routes as Camel's own loader, which reads each file twice; a file with {@code beans} still gets
 * Camel's pre-parse, so its beans are there before any route is configured.
 */
class RouteFilesParsedOnceTest {

    @Test
    void theRouteFilesAreReadOnceAndGiveCamelsOwnRoutes() throws Exception {
        List<CountingResource> camels = routeFiles();
        Map<String, String> camelsRoutes = load(camels, false);
        List<CountingResource> ours = routeFiles();
        Map<String, String> ourRoutes = load(ours, true);

        assertThat(ourRoutes).hasSizeGreaterThan(20).isEqualTo(camelsRoutes);
        assertThat(camels).allSatisfy(file -> assertThat(file.reads).as(file.getLocation()).hasValue(2));
        assertThat(ours).allSatisfy(file -> assertThat(file.reads).as(file.getLocation()).hasValue(1));
    }

    @Test
    void aFileWithBeansGetsCamelsPreParse() throws Exception {
        CountingResource file = new CountingResource("beans.camel.yaml", """
                - beans:
                    - name: greeting
                      type: java.lang.StringBuilder
                - route:
                    id: greet
                    from:
                      uri: direct:greet
                      steps:
                        - bean:
                            ref: greeting
                """);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            ParseOnceYamlRoutesLoader.bindTo(context);
            PluginHelper.getRoutesLoader(context).loadRoutes(file);

            assertThat(context.getRegistry().lookupByName("greeting")).isInstanceOf(StringBuilder.class);
            assertThat(context.getCamelContextExtension().getContextPlugin(ModelCamelContext.class)
                    .getRouteDefinition("greet")).isNotNull();
        }
    }

    /** Route id to the route as Camel prints it, from each of the project's route files. */
    private static Map<String, String> load(List<CountingResource> files, boolean parseOnce) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            if (parseOnce) {
                ParseOnceYamlRoutesLoader.bindTo(context);
            }
            RoutesLoader loader = PluginHelper.getRoutesLoader(context);
            // as camel-main does: a pre-parse of every file early in its start, then the load (which pre-parses again)
            for (Resource file : files) {
                loader.preParseRoute(file, false);
            }
            loader.loadRoutes(new ArrayList<Resource>(files));
            Map<String, String> routes = new TreeMap<>();
            for (RouteDefinition route : context.getCamelContextExtension().getContextPlugin(ModelCamelContext.class)
                    .getRouteDefinitions()) {
                routes.put(route.getRouteId(), route.toString().replaceAll("@[0-9a-f]+", "@"));
            }
            return routes;
        }
    }

    private static List<CountingResource> routeFiles() throws IOException {
        List<CountingResource> files = new ArrayList<>();
        for (String folder : List.of("routes", "routes/providers")) {
            try (Stream<Path> paths = Files.list(Path.of(folder))) {
                for (Path path : paths.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList()) {
                    files.add(new CountingResource(path.toString(), Files.readString(path)));
                }
            }
        }
        assertThat(files).hasSizeGreaterThan(5);
        return files;
    }

    /** A route file that counts how often it is read. */
    private static final class CountingResource extends ResourceSupport {
        private final byte[] text;
        final AtomicInteger reads = new AtomicInteger();

        CountingResource(String location, String text) {
            super("file", location);
            this.text = text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public boolean exists() {
            return true;
        }

        @Override
        public InputStream getInputStream() {
            reads.incrementAndGet();
            return new ByteArrayInputStream(text);
        }
    }
}
