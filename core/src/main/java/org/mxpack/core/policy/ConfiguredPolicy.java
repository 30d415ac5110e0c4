package org.mxpack.core.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.DomConfigSource;
import org.mxpack.core.config.FileResolver;
import org.mxpack.core.config.StrictSource;
import org.mxpack.core.routes.OfflineRouteResolver;
import org.mxpack.core.srs.Srs;

/**
 * The whole SMTP-time policy as a James {@code conf/} folder configures it, built without James:
 * the same readers the hooks use, from the same {@code <handler>} elements of smtpserver.xml and
 * the same mxpack.xml. What {@code mxpack check} runs. A stage whose hook is not in the handler
 * chain is absent, exactly as in James.
 */
public final class ConfiguredPolicy implements AutoCloseable {
    static final String HOOKS = "org.mxpack.smtp.";

    private final Services services;
    private final Optional<ClientPolicy> client;
    private final Optional<SenderPolicy> sender;
    private final Optional<RecipientPolicy> recipient;
    private final Optional<MessagePolicy> message;

    private ConfiguredPolicy(Services services, Optional<ClientPolicy> client, Optional<SenderPolicy> sender,
            Optional<RecipientPolicy> recipient, Optional<MessagePolicy> message) {
        this.services = services;
        this.client = client;
        this.sender = sender;
        this.recipient = recipient;
        this.message = message;
    }

    /**
     * @param confDir      a James {@code conf/} folder with smtpserver.xml and (optionally) mxpack.xml
     * @param dnsOverride  resolvers replacing mxpack.xml's (empty: keep them)
     * @param dnsTimeout   per-query timeout replacing mxpack.xml's (null: keep it)
     * @param localDomains the domains James would hold (offline stand-in for its DomainList)
     */
    public static ConfiguredPolicy load(Path confDir, List<String> dnsOverride, Duration dnsTimeout,
            List<String> localDomains) {
        Path smtpserver = confDir.resolve("smtpserver.xml");
        if (!Files.isRegularFile(smtpserver)) {
            throw new ConfigException("mxpack: no smtpserver.xml in " + confDir.toAbsolutePath());
        }
        Path mxpackXml = confDir.resolve("mxpack.xml");
        ConfigSource shared = Files.isRegularFile(mxpackXml) ? DomConfigSource.read(mxpackXml)
                : ConfigSource.empty("mxpack.xml (absent)");
        FileResolver files = FileResolver.relativeTo(confDir.toAbsolutePath().getParent());
        SharedConfig sharedConfig = SharedConfig.read(shared, files, dnsOverride, dnsTimeout);
        Services services = sharedConfig.services();
        try {
            Optional<ClientPolicy> client = handler(smtpserver, "ClientHook", c -> ClientPolicy.read(services, c, files));
            Optional<SenderPolicy> sender = handler(smtpserver, "SenderHook", c -> SenderPolicy.read(services, c, files));
            OfflineRouteResolver routes = new OfflineRouteResolver(localDomains, sharedConfig.relays());
            Optional<Srs> srs = sharedConfig.srs();
            Optional<RecipientPolicy> recipient = handler(smtpserver, "RecipientHook",
                    c -> RecipientPolicy.read(services, c, routes, srs));
            Optional<MessagePolicy> message = handler(smtpserver, "MessageHook",
                    c -> MessagePolicy.read(services, c, sharedConfig.arc()));
            return new ConfiguredPolicy(services, client, sender, recipient, message);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    /** The hook's handler element read strictly: an element the reader does not know stops the load. */
    private static <T> Optional<T> handler(Path smtpserver, String hook, Function<ConfigSource, T> reader) {
        return DomConfigSource.handler(smtpserver, HOOKS + hook).map(c -> {
            StrictSource strict = new StrictSource(c);
            T policy = reader.apply(strict);
            strict.rejectUnknown();
            return policy;
        });
    }

    public Services services() {
        return services;
    }

    public Optional<ClientPolicy> client() {
        return client;
    }

    public Optional<SenderPolicy> sender() {
        return sender;
    }

    public Optional<RecipientPolicy> recipient() {
        return recipient;
    }

    public Optional<MessagePolicy> message() {
        return message;
    }

    @Override
    public void close() {
        services.close();
    }
}
