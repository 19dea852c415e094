package io.github.redispush;

import java.io.FileNotFoundException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.Resource;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.YamlUnicodeReader;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Camel's YAML routes loader, reading each route file once instead of twice. camel-main pre-parses every route file
 * early in its start (to register its {@code beans} before anything else is configured) and parses it again later to
 * load its routes; on a
 * cold JVM the YAML scanner runs in the interpreter, and the second parse of the route files is pure start-up time.
 * Here the pre-parse keeps the document it read and the load builds the routes from it. A file the pre-parse has
 * something to do with (a {@code beans} entry, or a Camel K document: a mapping at the top) takes Camel's own path.
 */
final class ParseOnceYamlRoutesLoader extends YamlRoutesBuilderLoader {

    /**
     * The registry name camel-main's routes loader looks up first for {@code *.camel.yaml} files (the extension is
     * what follows the file name's first dot).
     */
    static final String REGISTRY_NAME = "routes-builder-loader-camel.yaml";

    private final Map<String, Node> preParsed = new ConcurrentHashMap<>();

    /**
     * For camel-main: puts this loader where its routes loader looks, before camel-main's first pre-parse of the route
     * files (which comes before the configuration classes run).
     */
    static MainListener registration() {
        return new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport main) {
                bindTo(main.getCamelContext());
            }
        };
    }

    static void bindTo(CamelContext context) {
        ParseOnceYamlRoutesLoader loader = new ParseOnceYamlRoutesLoader();
        loader.setCamelContext(context);
        loader.start();
        context.getRegistry().bind(REGISTRY_NAME, loader);
    }

    @Override
    public void preParseRoute(Resource resource) throws Exception {
        if (preParsed.containsKey(resource.getLocation())) {
            // camel-main pre-parses twice (for modelines, then again before the load): once is enough here too
            return;
        }
        Node root = compose(resource);
        if (root == null || hasPreParseWork(root)) {
            preParsed.remove(resource.getLocation());
            super.preParseRoute(resource);
        } else {
            preParsed.put(resource.getLocation(), root);
        }
    }

    @Override
    public RouteBuilder doLoadRouteBuilder(Resource resource) throws Exception {
        Node root = preParsed.remove(resource.getLocation());
        if (root == null) {
            return super.doLoadRouteBuilder(resource);
        }
        LoadSettings settings = LoadSettings.builder().setLabel(resource.getLocation()).build();
        return builder(newYamlDeserializationContext(settings, resource), root);
    }

    private Node compose(Resource resource) throws Exception {
        if (!resource.exists()) {
            throw new FileNotFoundException("Resource not found: " + resource.getLocation());
        }
        try (InputStream in = resourceInputStream(resource)) {
            LoadSettings settings = LoadSettings.builder().setLabel(resource.getLocation()).build();
            StreamReader reader = new StreamReader(settings, new YamlUnicodeReader(in));
            return new Composer(settings, new ParserImpl(settings, reader)).getSingleNode().orElse(null);
        } catch (RuntimeException e) {
            // the message Camel's own pre-parse gives a file that is not YAML
            throw new RuntimeCamelException("Error pre-parsing resource: " + resource.getLocation(), e);
        }
    }

    /** What Camel's pre-parse acts on: {@code - beans:} entries in a list of routes, or a Camel K document. */
    private static boolean hasPreParseWork(Node root) {
        if (!(root instanceof SequenceNode sequence)) {
            return true;
        }
        for (Node item : sequence.getValue()) {
            if (item instanceof MappingNode mapping) {
                for (NodeTuple entry : mapping.getValue()) {
                    if (entry.getKeyNode() instanceof ScalarNode key && "beans".equals(key.getValue())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
