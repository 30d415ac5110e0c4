package org.mxpack.core.lists;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A list of envelope-sender rules ({@link SenderRule}): addresses, domains, subdomains, wildcards. */
public final class SenderList {
    private final List<SenderRule> rules;

    private SenderList(List<SenderRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static SenderList empty() {
        return new SenderList(List.of());
    }

    /** Parses rules given inline (e.g. XML elements); {@code origin} names where, for errors. */
    public static SenderList parse(List<String> rules, String origin) {
        return new SenderList(ListFile.parse(rules, origin, SenderRule::parse));
    }

    /** Reads a list file: one rule per line, {@code #} starts a comment. Errors name the file and line. */
    public static SenderList read(Path file) throws IOException {
        return new SenderList(ListFile.read(file, SenderRule::parse));
    }

    public SenderList plus(SenderList other) {
        List<SenderRule> all = new ArrayList<>(rules);
        all.addAll(other.rules);
        return new SenderList(all);
    }

    public int size() {
        return rules.size();
    }

    /**
     * The first rule matching the envelope sender ({@code user@example.com}, with or without angle
     * brackets; {@code ""} or {@code <>} for the null sender).
     */
    public Optional<SenderRule> match(String sender) {
        String s = sender == null ? "" : sender.trim();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1).trim();
        }
        for (SenderRule r : rules) {
            if (r.matches(s)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
