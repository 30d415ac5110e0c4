package org.mxpack.core.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.mxpack.core.arc.ArcSettings;
import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.FileResolver;
import org.mxpack.core.config.StrictSource;
import org.mxpack.core.routes.RelayRoutes;
import org.mxpack.core.srs.Srs;
import org.mxpack.core.srs.SrsSettings;

/**
 * {@code conf/mxpack.xml} read as a whole, once: the shared {@link Services}, the relay routes,
 * SRS and ARC. Reading every section together is what lets an element that none of them knows stop the
 * start (strict configuration), and a bad route or SRS secret fail the start rather than the first
 * mail that needs it.
 */
public final class SharedConfig implements AutoCloseable {
    private final Services services;
    private final RelayRoutes relays;
    private final Optional<Srs> srs;
    private final ArcSettings arc;

    private SharedConfig(Services services, RelayRoutes relays, Optional<Srs> srs, ArcSettings arc) {
        this.services = services;
        this.relays = relays;
        this.srs = srs;
        this.arc = arc;
    }

    /**
     * @param dnsOverride     resolvers replacing the configured ones (empty: keep them)
     * @param timeoutOverride per-query DNS timeout replacing the configured one (null: keep it)
     */
    public static SharedConfig read(ConfigSource mxpackXml, FileResolver files, List<String> dnsOverride,
            Duration timeoutOverride) {
        StrictSource strict = new StrictSource(mxpackXml);
        RelayRoutes relays = RelayRoutes.read(strict);
        Optional<Srs> srs = SrsSettings.read(strict, files);
        ArcSettings arc = ArcSettings.read(strict, files);
        Services services = Services.fromConfig(strict, dnsOverride, timeoutOverride);
        try {
            strict.rejectUnknown();
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        return new SharedConfig(services, relays, srs, arc);
    }

    public Services services() {
        return services;
    }

    public RelayRoutes relays() {
        return relays;
    }

    public Optional<Srs> srs() {
        return srs;
    }

    /** ARC (verification, trusted sealers, sealing); off unless {@code <arc>} is configured. */
    public ArcSettings arc() {
        return arc;
    }

    @Override
    public void close() {
        services.close();
    }
}
