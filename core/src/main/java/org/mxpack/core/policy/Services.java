package org.mxpack.core.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.Knobs;
import org.mxpack.core.dns.Dns;
import org.mxpack.core.dns.DnsSettings;
import org.mxpack.core.dns.DnsjavaResolver;
import org.mxpack.core.dns.InFlightLimit;

/**
 * What every check shares, configured once from {@code conf/mxpack.xml}: the one resolver, a small
 * pool for work that must not run on James's Netty IO threads, the clock, our host name (authserv-id,
 * SPF receiver, HELO forgery checks), the global shadow switch and the time budget of one stage.
 *
 * <pre>
 * &lt;mxpack&gt;
 *   &lt;hostName&gt;mx.example.org&lt;/hostName&gt;     default: the machine's name
 *   &lt;shadow&gt;false&lt;/shadow&gt;                  true: every check only observes
 *   &lt;stageBudget&gt;10s&lt;/stageBudget&gt;           longest wait for lookups at one SMTP stage
 *   &lt;dns&gt;
 *     &lt;server&gt;127.0.0.1:53&lt;/server&gt;          repeatable; default: the system's resolvers
 *     &lt;maxInFlightPerClient&gt;1024&lt;/maxInFlightPerClient&gt; &lt;maxInFlightPerDomain&gt;256&lt;/maxInFlightPerDomain&gt;
 *     &lt;timeout&gt;3s&lt;/timeout&gt; &lt;retries&gt;1&lt;/retries&gt; &lt;cacheMaxTtl&gt;1h&lt;/cacheMaxTtl&gt; &lt;cacheSize&gt;32m&lt;/cacheSize&gt;
 *     &lt;negativeTtlWithoutSoa&gt;5s&lt;/negativeTtlWithoutSoa&gt;
 *   &lt;/dns&gt;
 * &lt;/mxpack&gt;
 * </pre>
 */
public final class Services implements AutoCloseable {
    public static final Duration DEFAULT_STAGE_BUDGET = Duration.ofSeconds(10);
    public static final int WORKERS = 8;
    public static final int DEFAULT_MAX_IN_FLIGHT_PER_CLIENT = 1024;

    private final Dns dns;
    private final ExecutorService workers;
    private final Clock clock;
    private final String hostName;
    private final boolean shadow;
    private final Duration stageBudget;
    private final PolicyListener listener;
    private final InFlightLimit perClient;

    private Services(Dns dns, Clock clock, String hostName, boolean shadow, Duration stageBudget, int perClient) {
        this(dns, Executors.newFixedThreadPool(WORKERS, daemonThreads()), clock, hostName, shadow, stageBudget,
                PolicyListener.NONE, new InFlightLimit(perClient));
    }

    private Services(Dns dns, ExecutorService workers, Clock clock, String hostName, boolean shadow,
            Duration stageBudget, PolicyListener listener, InFlightLimit perClient) {
        this.dns = dns;
        this.perClient = perClient;
        this.workers = workers;
        this.clock = clock;
        this.hostName = hostName.toLowerCase(Locale.ROOT);
        this.shadow = shadow;
        this.stageBudget = stageBudget;
        this.listener = listener;
    }

    public static Services of(Dns dns, String hostName) {
        return new Services(dns, Clock.systemUTC(), hostName, false, DEFAULT_STAGE_BUDGET,
                DEFAULT_MAX_IN_FLIGHT_PER_CLIENT);
    }

    /**
     * Reads mxpack.xml. {@code dnsOverride}, when not empty, replaces the configured servers
     * ({@code mxpack check --dns}).
     */
    public static Services fromConfig(ConfigSource mxpackXml, java.util.List<String> dnsOverride, Duration timeoutOverride) {
        Knobs k = new Knobs(mxpackXml);
        java.util.List<String> servers = dnsOverride.isEmpty() ? mxpackXml.values("dns.server") : dnsOverride;
        DnsSettings settings;
        try {
            settings = DnsSettings.of(DnsSettings.parseServers(servers));
        } catch (IllegalArgumentException e) {
            throw org.mxpack.core.config.ConfigException.bad(mxpackXml, "dns.server", String.join(",", servers),
                    e.getMessage());
        }
        settings = settings
                .withTimeout(timeoutOverride != null ? timeoutOverride : k.duration("dns.timeout", DnsSettings.DEFAULT_TIMEOUT))
                .withRetries(k.integer("dns.retries", DnsSettings.DEFAULT_RETRIES, 0, 5))
                .withMaxTtl(k.duration("dns.cacheMaxTtl", DnsSettings.DEFAULT_MAX_TTL))
                .withNegativeTtlWithoutSoa(k.duration("dns.negativeTtlWithoutSoa",
                        DnsSettings.DEFAULT_NEGATIVE_TTL_WITHOUT_SOA))
                .withCacheBytes(Sizes.parse(mxpackXml, "dns.cacheSize", DnsSettings.DEFAULT_CACHE_BYTES))
                .withMaxInFlightPerDomain(k.integer("dns.maxInFlightPerDomain",
                        DnsSettings.DEFAULT_MAX_IN_FLIGHT_PER_DOMAIN, 1, 100_000));
        return new Services(new DnsjavaResolver(settings), Clock.systemUTC(),
                k.string("hostName", localHostName()), k.bool("shadow", false),
                k.duration("stageBudget", DEFAULT_STAGE_BUDGET),
                k.integer("dns.maxInFlightPerClient", DEFAULT_MAX_IN_FLIGHT_PER_CLIENT, 1, 100_000));
    }

    // The with... copies share the worker pool: close only the original.
    public Services withShadow(boolean value) {
        return new Services(dns, workers, clock, hostName, value, stageBudget, listener, perClient);
    }

    public Services withClock(Clock value) {
        return new Services(dns, workers, value, hostName, shadow, stageBudget, listener, perClient);
    }

    public Services withStageBudget(Duration value) {
        return new Services(dns, workers, clock, hostName, shadow, value, listener, perClient);
    }

    public Services withListener(PolicyListener value) {
        return new Services(dns, workers, clock, hostName, shadow, stageBudget, value, perClient);
    }

    /** Metrics hook; {@link PolicyListener#NONE} unless James's runtime set one. */
    public PolicyListener listener() {
        return listener;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "mxpack-work-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public Dns dns() {
        return dns;
    }

    /**
     * For work a stage must be able to stop waiting for: lookups in James's stores (routes), ARC
     * verification, a DKIM key that answers after the body was hashed. Never James's IO threads.
     */
    public ExecutorService workers() {
        return workers;
    }

    public Clock clock() {
        return clock;
    }

    /** Our own name: authserv-id, SPF receiver, what a forged HELO would claim. */
    public String hostName() {
        return hostName;
    }

    /** Global shadow mode: every check observes only. */
    public boolean shadow() {
        return shadow;
    }

    public Duration stageBudget() {
        return stageBudget;
    }

    /** When the SMTP command being answered must be answered: its arrival plus the stage budget. */
    public long stageDeadline() {
        return CommandClock.deadline(stageBudget);
    }

    /** Lookups in flight per client address, across its sessions ({@code <dns><maxInFlightPerClient>}). */
    public InFlightLimit perClient() {
        return perClient;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
