package org.mxpack.james;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.mxpack.core.arc.ArcSettings;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.DomConfigSource;
import org.mxpack.core.config.FileResolver;
import org.mxpack.core.policy.Services;
import org.mxpack.core.policy.SharedConfig;
import org.mxpack.core.routes.RelayRoutes;
import org.mxpack.core.srs.Srs;

/**
 * The pack's shared runtime inside James: {@code conf/mxpack.xml} read once ({@link SharedConfig}:
 * the one resolver, host name, shadow switch, relay routes, SRS), injected into every hook and mailet.
 * A {@code @Singleton} with an {@code @Inject} constructor, so Guice shares one instance across
 * the extension injector without a module in extensions.properties.
 */
@Singleton
public final class MxpackRuntime {
    static final String CONF = "file://conf/mxpack.xml";

    private final FileSystem fileSystem;
    private final MetricFactory metrics;
    private Services services;
    private SharedConfig shared;

    @Inject
    public MxpackRuntime(FileSystem fileSystem, MetricFactory metrics) {
        this.fileSystem = fileSystem;
        this.metrics = metrics;
    }

    /** Built on first use; a bad mxpack.xml throws {@link ConfigException} (James's start fails). */
    public synchronized Services services() {
        if (services == null) {
            services = shared().services().withListener(new MetricsListener(metrics));
        }
        return services;
    }

    /** The relay domains of mxpack.xml's {@code <routes>}. */
    public RelayRoutes relays() {
        return shared().relays();
    }

    /** SRS as mxpack.xml's {@code <srs>} configures it; empty when SRS is off. */
    public Optional<Srs> srs() {
        return shared().srs();
    }

    /** ARC as mxpack.xml's {@code <arc>} configures it (off when absent). */
    public ArcSettings arc() {
        return shared().arc();
    }

    /** conf/mxpack.xml read whole and strictly, once; every knob at its default when the file is absent. */
    private synchronized SharedConfig shared() {
        if (shared == null) {
            shared = SharedConfig.read(readConf(), files(), List.of(), null);
        }
        return shared;
    }

    private ConfigSource readConf() {
        try {
            File f = fileSystem.getFile(CONF);
            if (f.isFile()) {
                return DomConfigSource.read(f.toPath());
            }
        } catch (FileNotFoundException e) {
            // no mxpack.xml: every knob at its default
        }
        return ConfigSource.empty("conf/mxpack.xml (absent)");
    }

    /** Resolves list files named in configuration against James's working directory. */
    public FileResolver files() {
        return (source, path, value) -> {
            String v = value.trim();
            try {
                File f = v.startsWith("/") ? new File(v) : fileSystem.getFile(v.contains("://") ? v : FileSystem.FILE_PROTOCOL + v);
                if (!f.isFile() || !f.canRead()) {
                    throw ConfigException.bad(source, path, value, "no readable file at " + f.getAbsolutePath());
                }
                return f.toPath();
            } catch (IOException e) {
                throw ConfigException.bad(source, path, value, "cannot open: " + e.getMessage());
            }
        };
    }
}
