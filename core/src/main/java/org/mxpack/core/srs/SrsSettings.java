package org.mxpack.core.srs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.FileResolver;
import org.mxpack.core.config.Knobs;

/**
 * SRS as mxpack.xml configures it, shared by the RCPT stage (validating bounces to our SRS
 * addresses) and the forwarding mailets (rewriting senders):
 *
 * <pre>
 * &lt;srs&gt;
 *   &lt;domain&gt;fwd.example.org&lt;/domain&gt;        the domain of rewritten senders (must route here)
 *   &lt;secret&gt;first-signs&lt;/secret&gt;             repeatable: the first signs, all verify (rotation)
 *   &lt;secretFile&gt;conf/mxpack/srs.secret&lt;/secretFile&gt;  one secret per line, same rule
 *   &lt;maxAge&gt;21d&lt;/maxAge&gt;                        how long a bounce address stays valid
 *   &lt;hashLength&gt;4&lt;/hashLength&gt;
 * &lt;/srs&gt;
 * </pre>
 * Absent {@code <srs>}: SRS is off (nothing rewritten, no SRS address of ours exists).
 */
public final class SrsSettings {
    /**
     * Fewer hash characters make forged bounces guessable: 4 base64 characters, case-insensitive as
     * addresses are, leave about 21 bits, and the RCPT TO error limit bounds the guesses per connection.
     */
    public static final int MIN_HASH_LENGTH = 4;

    private SrsSettings() {
    }

    public static Optional<Srs> read(ConfigSource mxpackXml, FileResolver files) {
        Knobs k = new Knobs(mxpackXml);
        // Every knob is read before deciding whether SRS is on, so that all of them are known (StrictSource).
        long days = k.duration("srs.maxAge", java.time.Duration.ofDays(SrsConfig.DEFAULT_MAX_AGE_DAYS)).toDays();
        int hashLength = k.integer("srs.hashLength", SrsConfig.DEFAULT_HASH_LENGTH, MIN_HASH_LENGTH,
                SrsConfig.MAX_HASH_LENGTH);
        Optional<String> domain = mxpackXml.value("srs.domain").filter(d -> !d.isEmpty());
        List<String> secrets = new ArrayList<>(mxpackXml.values("srs.secret"));
        for (String file : mxpackXml.values("srs.secretFile")) {
            try {
                for (String line : Files.readAllLines(files.resolve(mxpackXml, "srs.secretFile", file),
                        StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && !line.trim().startsWith("#")) {
                        secrets.add(line.trim());
                    }
                }
            } catch (IOException e) {
                throw ConfigException.bad(mxpackXml, "srs.secretFile", file, e.getMessage());
            }
        }
        if (domain.isEmpty() && secrets.isEmpty()) {
            return Optional.empty();
        }
        if (domain.isEmpty()) {
            throw ConfigException.bad(mxpackXml, "srs.domain", "", "SRS needs the domain of rewritten senders");
        }
        if (secrets.isEmpty()) {
            throw ConfigException.bad(mxpackXml, "srs.secret", "", "SRS needs at least one secret");
        }
        try {
            return Optional.of(Srs.of(SrsConfig.of(domain.get(), secrets)
                    .withMaxAgeDays((int) Math.min(days, SrsConfig.MAX_MAX_AGE_DAYS))
                    .withHashLength(hashLength)));
        } catch (IllegalArgumentException e) {
            throw ConfigException.bad(mxpackXml, "srs", domain.get(), e.getMessage());
        }
    }
}
