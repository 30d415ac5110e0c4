package org.mxpack.core.lists;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        List<SenderRule> out = new ArrayList<>();
        for (String r : rules) {
            out.add(SenderRule.parse(r, origin));
        }
        return new SenderList(out);
    }

    /** Reads a list file: one rule per line, {@code #} starts a comment. Errors name the file and line. */
    public static SenderList read(Path file) throws IOException {
        List<SenderRule> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String rule = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (!rule.isEmpty()) {
                out.add(SenderRule.parse(rule, file + ":" + (i + 1)));
            }
        }
        return new SenderList(out);
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
