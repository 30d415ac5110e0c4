package org.mxpack.core.arc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.FileResolver;
import org.mxpack.core.config.Knobs;

/**
 * The {@code <arc>} section of mxpack.xml, off unless configured:
 * <pre>
 * &lt;arc&gt;
 *   &lt;enabled&gt;true&lt;/enabled&gt;                   verify ARC chains at end of DATA, record arc= (default false)
 *   &lt;trustedSealer&gt;lists.example&lt;/trustedSealer&gt; repeatable: may turn a DMARC reject into an accept
 *   &lt;observe&gt;false&lt;/observe&gt;                   true: such an override is only logged
 *   &lt;seal&gt;&lt;domain/&gt;&lt;selector/&gt;&lt;privateKeyFile/&gt;&lt;/seal&gt;  sealing by the ArcSeal mailet
 * &lt;/arc&gt;
 * </pre>
 * The private key is read once at start; its contents are never logged.
 */
public final class ArcSettings {
    private final boolean enabled;
    private final List<String> trustedSealers;
    private final boolean observe;
    private final Seal seal;

    private ArcSettings(boolean enabled, List<String> trustedSealers, boolean observe, Seal seal) {
        this.enabled = enabled;
        this.trustedSealers = List.copyOf(trustedSealers);
        this.observe = observe;
        this.seal = seal;
    }

    public static ArcSettings off() {
        return new ArcSettings(false, List.of(), false, null);
    }

    public static ArcSettings read(ConfigSource mxpackXml, FileResolver files) {
        Knobs k = new Knobs(mxpackXml);
        boolean enabled = k.bool("arc.enabled", false);
        boolean observe = k.bool("arc.observe", false);
        List<String> trusted = new ArrayList<>();
        for (String d : mxpackXml.values("arc.trustedSealer")) {
            String domain = d.trim().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
            if (!domain.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
                throw ConfigException.bad(mxpackXml, "arc.trustedSealer", d, "not a domain name");
            }
            trusted.add(domain);
        }
        if (!trusted.isEmpty() && !enabled) {
            throw ConfigException.bad(mxpackXml, "arc.trustedSealer", trusted.get(0),
                    "trusting a sealer needs ARC verification: add <arc><enabled>true</enabled></arc>");
        }
        return new ArcSettings(enabled, trusted, observe, Seal.read(mxpackXml, files));
    }

    /** Verify ARC at end of DATA and record it. */
    public boolean enabled() {
        return enabled;
    }

    /** Domains whose seal may override a DMARC reject (lower case); empty: no override. */
    public List<String> trustedSealers() {
        return trustedSealers;
    }

    /** Overrides are only logged ({@code SHADOW_ACCEPT}), the DMARC reject stands. */
    public boolean observe() {
        return observe;
    }

    /** A sealer for mail leaving through a forwarding route or relay next hop, when {@code <seal>} is set. */
    public Optional<ArcSealer> sealer(String authservId) {
        return seal == null ? Optional.empty()
                : Optional.of(ArcSealer.rsaSha256(seal.key, seal.domain, seal.selector, authservId));
    }

    /** {@code <arc><seal>}: all three elements, or none. */
    private static final class Seal {
        final String domain;
        final String selector;
        final PrivateKey key;

        private Seal(String domain, String selector, PrivateKey key) {
            this.domain = domain;
            this.selector = selector;
            this.key = key;
        }

        static Seal read(ConfigSource xml, FileResolver files) {
            Optional<String> domain = xml.value("arc.seal.domain").filter(v -> !v.isEmpty());
            Optional<String> selector = xml.value("arc.seal.selector").filter(v -> !v.isEmpty());
            Optional<String> keyFile = xml.value("arc.seal.privateKeyFile").filter(v -> !v.isEmpty());
            if (domain.isEmpty() && selector.isEmpty() && keyFile.isEmpty()) {
                return null;
            }
            for (String[] need : new String[][] {{"arc.seal.domain", domain.orElse("")},
                    {"arc.seal.selector", selector.orElse("")}, {"arc.seal.privateKeyFile", keyFile.orElse("")}}) {
                if (need[1].isEmpty()) {
                    throw ConfigException.bad(xml, need[0], "", "sealing needs <domain>, <selector> and <privateKeyFile>");
                }
            }
            PrivateKey key;
            try {
                key = ArcKeys.rsaPrivateKey(Files.readString(files.resolve(xml, "arc.seal.privateKeyFile", keyFile.get()),
                        StandardCharsets.US_ASCII));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                // the file name only: never the key
                throw ConfigException.bad(xml, "arc.seal.privateKeyFile", keyFile.get(),
                        "not a readable RSA private key in PEM (" + e.getClass().getSimpleName() + ")");
            }
            try {
                ArcSealer.rsaSha256(key, domain.get(), selector.get(), "probe.invalid");
            } catch (IllegalArgumentException e) {
                throw ConfigException.bad(xml, "arc.seal", domain.get() + " " + selector.get(), e.getMessage());
            }
            return new Seal(domain.get(), selector.get(), key);
        }
    }
}
