package org.mxpack.james;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.DomConfigSource;
import org.mxpack.core.config.FileResolver;
import org.mxpack.core.policy.Services;

/**
 * The pack's shared runtime inside James: one {@link Services} (resolver, workers, host name,
 * shadow switch) built from {@code conf/mxpack.xml}, injected into every hook and mailet.
 * A {@code @Singleton} with an {@code @Inject} constructor, so Guice shares one instance across
 * the extension injector without a module in extensions.properties.
 */
@Singleton
public final class MxpackRuntime {
    static final String CONF = "file://conf/mxpack.xml";

    private final FileSystem fileSystem;
    private final MetricFactory metrics;
    private Services services;
    private ConfigSource conf;

    @Inject
    public MxpackRuntime(FileSystem fileSystem, MetricFactory metrics) {
        this.fileSystem = fileSystem;
        this.metrics = metrics;
    }

    /** Built on first use; a bad mxpack.xml throws {@link ConfigException} (James's start fails). */
    public synchronized Services services() {
        if (services == null) {
            services = Services.fromConfig(conf(), List.of(), null).withListener(new MetricsListener(metrics));
        }
        return services;
    }

    /** conf/mxpack.xml (shared settings such as relay routes), read once; empty when absent. */
    public synchronized ConfigSource conf() {
        if (conf == null) {
            conf = readConf();
        }
        return conf;
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
