package io.github.redispush;

import io.github.redispush.config.DeliveryClient;
import io.github.redispush.config.DocumentedDefaults;
import io.github.redispush.config.PushSettings;
import io.github.redispush.config.RongCloudSettings;
import io.github.redispush.config.ServerExposureCheck;
import io.github.redispush.delivery.DeadLetters;
import io.github.redispush.delivery.ClientRequestBody;
import io.github.redispush.delivery.DeliveryPermits;
import io.github.redispush.delivery.FormUrlEncoded;
import io.github.redispush.delivery.HttpStatusAnswer;
import io.github.redispush.delivery.ProviderBreaker;
import io.github.redispush.delivery.ProviderHealthCheck;
import io.github.redispush.delivery.ProviderHosts;
import io.github.redispush.delivery.PushRequestBody;
import io.github.redispush.delivery.PushRequestSigner;
import io.github.redispush.delivery.RateLimit;
import io.github.redispush.delivery.RetryAfterDelay;
import io.github.redispush.delivery.RetryBackoff;
import io.github.redispush.delivery.RetrySchedule;
import io.github.redispush.delivery.RongCloudAnswer;
import io.github.redispush.delivery.UidFairness;
import io.github.redispush.delivery.VertxDelivery;
import io.github.redispush.http.CrossSiteGuard;
import io.github.redispush.intake.IntakeAccess;
import io.github.redispush.intake.IntakeToken;
import io.github.redispush.intake.PushRequestReader;
import io.github.redispush.management.BacklogProgress;
import io.github.redispush.management.PushMetrics;
import io.github.redispush.management.PushQueueManagement;
import io.github.redispush.management.RouteSummary;
import io.github.redispush.ops.DashboardFiles;
import io.github.redispush.ops.OpsAccess;
import io.github.redispush.ops.OpsSettings;
import io.github.redispush.ops.PipelineOperations;
import io.github.redispush.queue.Acknowledgements;
import io.github.redispush.queue.Claims;
import io.github.redispush.queue.DeadLetterOperations;
import io.github.redispush.queue.DeliveryHistory;
import io.github.redispush.queue.LookupGrace;
import io.github.redispush.queue.PushKeyParser;
import io.github.redispush.queue.PushQueueStore;
import io.github.redispush.queue.ValueLimit;
import io.github.redispush.redis.ClusterUrl;
import io.github.redispush.redis.EmbeddedRedis;
import io.github.redispush.redis.EvictionWatch;
import io.github.redispush.redis.RedisConnections;
import io.github.redispush.redis.RedisEvictionCheck;
import io.github.redispush.redis.RedisHealthCheck;
import io.github.redispush.redis.RedisOutage;
import io.github.redispush.tracing.PushTracing;

import org.apache.camel.CamelContext;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.Service;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Binds the beans the YAML routes call, by the names they use. Used by the camel-main launcher and usable from
 * any CamelContext that embeds the routes.
 */
public final class PushBeans {

    private static final Logger LOG = LoggerFactory.getLogger(PushBeans.class);

    private PushBeans() {
    }

    public static PushSettings bindTo(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        // an embedding application (Spring Boot) sets only the push.* properties it changes; the YAML routes
        // read every one as a placeholder, so the rest take their documented defaults (the launcher sets them all)
        DocumentedDefaults.push().forEach((name, value) -> {
            if (properties.resolveProperty(name).isEmpty()) {
                properties.addOverrideProperty(name, value);
            }
        });
        PushSettings settings = PushSettings.from(name -> properties.resolveProperty(name).orElse(null));
        RongCloudSettings rongCloud = RongCloudSettings.from(name -> properties.resolveProperty(name).orElse(null));
        // a RongCloud profile with no push.url goes to RongCloud's hosts for push.rongcloud.region, not to the demo
        boolean demoReceiver = settings.noPushUrl() && !rongCloud.rongCloud();
        if (demoReceiver && !settings.embeddedRedis()) {
            // the demo receiver logs each push and throws it away: against a real queue that would drain it for nothing
            throw new InvalidConfigurationException("push.url is empty, so pushes would go to the demo receiver, which throws them away,"
                    + " while push.redis.url names a real Redis (" + RedisConnections.redacted(settings.redisUrl()) + "): set push.url to your"
                    + " push provider (or push.provider to a rongcloud-* profile); the demo runs only with push.redis.url=embedded");
        }

        String redisUrl = settings.redisUrl();
        if (settings.embeddedRedis()) {
            EmbeddedRedis embedded = new EmbeddedRedis();
            embedded.start();
            context.addService(embedded, true, true);
            redisUrl = embedded.url();
            LOG.info("No Redis configured (push.redis.url=embedded): started a local redis-server at {}", redisUrl);
        }
        // the sample producer writes into Redis only when that Redis is our own throwaway one
        properties.addOverrideProperty("push.demo.producer-enabled", Boolean.toString(settings.embeddedRedis()));
        properties.addOverrideProperty("push.demo.receiver-enabled", Boolean.toString(demoReceiver));
        if (demoReceiver) {
            properties.addOverrideProperty("push.url", "http://127.0.0.1:{{camel.server.port}}/demo/push");
            LOG.info("No push URL configured (push.url): deliveries go to the demo receiver at /demo/push");
        }

        // the provider routes' endpoint prefix: which component POSTs (an embedded pipeline gets it as a template parameter)
        properties.addOverrideProperty(DeliveryClient.URI_PREFIX_PROPERTY, settings.deliveryClient().uriPrefix());
        context.addStartupListener(new RouteSummary());
        bindPipeline(context, settings, rongCloud, redisUrl);
        // an open server without tokens is refused before this, by ServerExposureCheck (the launcher's)
        // the names this server answers to without a token (CrossSiteGuard): an embedding without camel.server.enabled has none beyond loopback
        boolean serverEnabled = Boolean.parseBoolean(properties.resolveProperty("camel.server.enabled").orElse("false"));
        bindOperations(context, settings, OpsSettings.from(name -> properties.resolveProperty(name).orElse(null)),
                serverEnabled ? properties.resolveProperty("camel.server.host").orElse("0.0.0.0") : "127.0.0.1");
        if (ClusterUrl.isCluster(redisUrl) && settings.redisDb() != 0) {
            LOG.info("push.redis.db ({}) does not apply on a Redis Cluster: it has only database 0", settings.redisDb());
        }
        LOG.info("Redis {} db {}: {} -> {}, dead letters in {}", RedisConnections.redacted(redisUrl), RedisConnections.database(redisUrl, settings.redisDb()),
                settings.pushQueue(), settings.tempQueue(), settings.deadLetterQueue());
        LOG.info("pushes go to {} (provider {}, auth: {}); {} concurrent (client {}), lease {} ms, at most {} attempts",
                demoReceiver ? "the demo receiver" : destination(settings, rongCloud), rongCloud.provider(),
                rongCloud.rongCloud() ? "rongcloud" : settings.authProfile(), settings.concurrency(), settings.deliveryClient(), settings.leaseTimeout().toMillis(),
                settings.maxAttempts());
        return settings;
    }

    /**
     * Binds one pipeline's beans as {@code <push.pipeline>.<name>}, the names its routes use. Several pipelines
     * with different names can live in one CamelContext.
     */
    public static void bindPipeline(CamelContext context, PushSettings settings, RongCloudSettings rongCloud, String redisUrl) throws Exception {
        rongCloud.check(settings.pushUrl());
        // one connection per deliverer, plus the mover's blocking pop, the reaper, the renewer and the intake
        JedisConnectionFactory connections = RedisConnections.connectionFactory(redisUrl, settings.redisDb(),
                settings.redisTimeout(), settings.concurrency() + 8, settings.redisTruststore(), settings.redisTruststorePassword(),
                settings.redisSentinelUsername(), settings.redisSentinelPassword());
        context.addService(new Service() {
            @Override
            public void start() {
            }

            @Override
            public void stop() {
                connections.destroy();
            }
        }, true, true);
        RedisConnections.checkCredentials(connections, redisUrl);
        String target = RedisConnections.redacted(redisUrl) + " db " + RedisConnections.database(redisUrl, settings.redisDb());
        EvictionWatch eviction = new EvictionWatch(connections, RedisConnections.redacted(redisUrl), settings.allowEviction());
        eviction.checkAtStart();
        StringRedisTemplate template = RedisConnections.template(connections);
        PushQueueStore store = PushQueueStore.of(template, settings);

        Names beans = new Names(context, settings.pipeline());
        beans.bind("pushSettings", settings);
        beans.bind("redisConnectionFactory", connections);
        beans.bind("redisTemplate", template);
        RedisOutage outage = new RedisOutage();
        // a batch fills what the deliverers can take at once; a nearly empty queue still gives one key at a time
        Claims claims = new Claims(store, settings.concurrency(), settings.moveBlock());
        DeadLetterOperations deadLetterOperations = new DeadLetterOperations(template, settings);
        beans.bind("pushQueueStore", store);
        // off unless push.tracing.enabled; installed before the routes are added, as it traces through a route policy
        PushTracing tracing = new PushTracing(PushTracing.enabledBy(context.getPropertiesComponent().resolveProperty(PushTracing.ENABLED).orElse(null)), store);
        tracing.install(context);
        beans.bind("redisOutage", outage);
        beans.bind("deadLetterOperations", deadLetterOperations);
        beans.bind("claims", claims);
        Acknowledgements acknowledgements = new Acknowledgements(store, settings.concurrency(), settings.historyEnabled());
        beans.bind("acknowledgements", acknowledgements);
        beans.bind("deadLetters", new DeadLetters(store));
        beans.bind("deliveryHistory", new DeliveryHistory(template, settings));
        PushKeyParser parser = new PushKeyParser();
        beans.bind("pushKeyParser", parser);
        LookupGrace grace = new LookupGrace(template, settings.lookupGraceChecks(), settings.lookupGraceInterval().toMillis());
        ValueLimit valueLimit = new ValueLimit(settings.maxValueBytes());
        beans.bind("valueLimit", valueLimit);
        PushRequestBody body = new PushRequestBody();
        beans.bind("pushRequestBody", body);
        // push.delivery.client: the component the provider routes POST with, and the bound on pushes in flight
        if (settings.deliveryClient() == DeliveryClient.VERTX_HTTP) {
            configureVertxHttp(context, settings);
        }
        ClientRequestBody clientBody = new ClientRequestBody(settings.deliveryClient());
        DeliveryPermits permits = DeliveryPermits.forClient(settings.deliveryClient(), settings.concurrency());
        beans.bind("deliveryPermits", permits);
        PushRequestSigner signer = PushRequestSigner.forProfile(signingProfile(settings, rongCloud), settings.authAppKey(),
                settings.authSecret(), settings.authSignatureHeader());
        beans.bind("pushRequestSigner", signer);
        // the RongCloud profiles' parts (routes/providers/rongcloud*.camel.yaml); harmless for the others
        beans.bind("formUrlEncoded", new FormUrlEncoded());
        beans.bind("rongCloudAnswer", new RongCloudAnswer(rongCloud.rateLimitedPause()));
        beans.bind("providerHosts", new ProviderHosts(rongCloud.hosts(settings.pushUrl()), rongCloud.firstHostRetry()));
        HttpStatusAnswer answer = new HttpStatusAnswer();
        beans.bind("httpStatusAnswer", answer);
        beans.bind("pushRequestReader", new PushRequestReader(settings.maxContentBytes(), settings.maxBatchSize(), settings.scheduleMaxDelay()));
        ProviderBreaker breaker = new ProviderBreaker(settings.breakerFailureRateThreshold(), settings.breakerWindowSize(),
                settings.breakerMinimumCalls(), settings.breakerProbeInterval());
        beans.bind("providerBreaker", breaker);
        beans.bind("providerHealthCheck", new ProviderHealthCheck(settings.pipeline(), breaker));
        PushMetrics metrics = new PushMetrics(context, settings, store, claims, breaker);
        context.addService(metrics, true, true);
        beans.bind("pushMetrics", metrics);
        beans.bind("backlogProgress", new BacklogProgress(store, settings));
        RateLimit rateLimit = new RateLimit(store, settings.rateLimitPerSecond() != null ? settings.rateLimitPerSecond() : rongCloud.documentedRateLimit());
        beans.bind("rateLimit", rateLimit);
        beans.bind("retrySchedule", new RetrySchedule(store, breaker,
                new RetryBackoff(settings.retryInitialDelay(), settings.retryBackoffMultiplier(), settings.retryMaxDelay()),
                settings.maxAttempts(), metrics::retried));
        UidFairness fairness = new UidFairness(store, settings.perUidLimit());
        beans.bind("uidFairness", fairness);
        beans.bind("retryAfterDelay", new RetryAfterDelay(settings.retryMaxDelay(), metrics::retried, rateLimit));
        // each push's steps as a Processor or Predicate, named <bean>.<method>, which the routes call directly
        // (`process: ref:`, `filter: ref:`): a `bean` step with a method name sets a header, looks the method up and
        // binds its parameters on every call, and a `filter: method:` evaluates a bean expression; together about 10%
        // of the CPU per push in a profile (docs/performance-journal-2026-11.md)
        beans.bind("claims.claimNext", (Processor) claims::claimNext);
        beans.bind("redisOutage.succeeded", (Processor) exchange -> outage.succeeded());
        beans.bind("claims.openDelivery", (Processor) claims::openDelivery);
        beans.bind("lookupGrace.awaitValue", (Processor) grace::awaitValue);
        beans.bind("valueLimit.check", (Processor) valueLimit::check);
        beans.bind("pushKeyParser.parseKeyOf", (Processor) parser::parseKeyOf);
        beans.bind("providerBreaker.refusesClaim", (Predicate) breaker::refusesClaim);
        beans.bind("providerBreaker.holdsBack", (Predicate) breaker::holdsBack);
        beans.bind("providerBreaker.answered", (Processor) breaker::answered);
        beans.bind("uidFairness.defers", (Predicate) fairness::defers);
        beans.bind("acknowledgements.acknowledge", (Processor) acknowledgements::acknowledge);
        beans.bind("pushTracing.producerContext", (Processor) tracing::producerContext);
        beans.bind("pushTracing.readContexts", (Processor) tracing::readContexts);
        beans.bind("pushTracing.continueTrace", (Processor) tracing::continueTrace);
        beans.bind("pushTracing.settled", (Processor) tracing::settled);
        beans.bind("pushMetrics.delivered", (Processor) metrics::delivered);
        beans.bind("pushRequestBody.json", (Processor) body::json);
        beans.bind("deliveryClient.body", (Processor) clientBody::convert);
        beans.bind("deliveryPermits.take", (Processor) permits::take);
        beans.bind("pushRequestSigner.sign", (Processor) signer::sign);
        beans.bind("httpStatusAnswer.check", (Processor) answer::check);
        beans.bind("redisHealthCheck", new RedisHealthCheck(settings.pipeline(), connections, target));
        beans.bind("evictionWatch", eviction);
        beans.bind("redisEvictionCheck", new RedisEvictionCheck(settings.pipeline(), eviction));
        context.addService(new PushQueueManagement(context, settings, store, deadLetterOperations, claims, outage, breaker), true, true);
    }

    /**
     * vertx-http (push.delivery.client) with camel-http's timeouts (camel.component.http.*, or their documented
     * defaults in a context of your own), so both clients give up alike.
     */
    private static void configureVertxHttp(CamelContext context, PushSettings settings) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        VertxDelivery.configure(context, settings.concurrency(),
                java.time.Duration.ofMillis(Long.parseLong(properties.resolveProperty("camel.component.http.connect-timeout").orElse("2000").trim())),
                java.time.Duration.ofMillis(Long.parseLong(properties.resolveProperty("camel.component.http.response-timeout").orElse("10000").trim())),
                settings.retryMaxDelay());
    }

    /** Where pushes go, for the log: the push URL with its query hidden, or a RongCloud profile's hosts in turn. */
    public static String destination(PushSettings settings, RongCloudSettings rongCloud) {
        if (!rongCloud.rongCloud()) {
            return RedisConnections.redactedHttp(settings.pushUrl());
        }
        return String.join(" then ", rongCloud.hosts(settings.pushUrl()).stream().map(RedisConnections::redactedHttp).toList());
    }

    /** The RongCloud profiles sign RongCloud's way; any other push.auth.profile with them is a mistake caught at start. */
    private static String signingProfile(PushSettings settings, RongCloudSettings rongCloud) {
        if (!rongCloud.rongCloud()) {
            return settings.authProfile();
        }
        String profile = settings.authProfile().trim().toLowerCase();
        if (!profile.isEmpty() && !profile.equals("none") && !profile.equals("rongcloud")) {
            throw new IllegalArgumentException("push.provider=" + rongCloud.provider() + " signs requests RongCloud's way: leave push.auth.profile at none or rongcloud, got '" + settings.authProfile() + "'");
        }
        return "rongcloud";
    }

    /**
     * The launcher's HTTP operations (dead letters, the dashboard) and who may use them. They reach every pipeline of
     * the context by name, so they are bound once, under the launcher's pipeline name.
     */
    static void bindOperations(CamelContext context, PushSettings settings, OpsSettings ops, String serverHost) {
        Names beans = new Names(context, settings.pipeline());
        CrossSiteGuard guard = new CrossSiteGuard(serverHost);
        beans.bind("intakeAccess", new IntakeAccess(new IntakeToken(settings.intakeToken()), guard));
        beans.bind("opsAccess", new OpsAccess(ops, guard));
        beans.bind("pipelineOperations", new PipelineOperations(context, settings.pipeline(), ops.readOnly()));
        beans.bind("dashboardFiles", new DashboardFiles());
    }

    /** Registry names scoped to one pipeline. */
    private record Names(CamelContext context, String pipeline) {
        void bind(String name, Object bean) {
            context.getRegistry().bind(pipeline + "." + name, bean);
        }
    }
}
