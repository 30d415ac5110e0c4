package org.mxpack.core.spam;

import java.util.List;
import java.util.Objects;

/** One rspamd symbol that fired: its name, the score it added and its options (e.g. the matched URL). */
public final class SpamSymbol {
    private final String name;
    private final double score;
    private final List<String> options;

    private SpamSymbol(String name, double score, List<String> options) {
        this.name = Objects.requireNonNull(name, "name");
        this.score = score;
        this.options = List.copyOf(options);
    }

    public static SpamSymbol of(String name, double score, List<String> options) {
        return new SpamSymbol(name, score, options);
    }

    public String name() {
        return name;
    }

    public double score() {
        return score;
    }

    public List<String> options() {
        return options;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpamSymbol)) {
            return false;
        }
        SpamSymbol s = (SpamSymbol) o;
        return name.equals(s.name) && Double.compare(score, s.score) == 0 && options.equals(s.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, score, options);
    }

    @Override
    public String toString() {
        return name + "(" + SpamVerdict.formatScore(score) + ")" + (options.isEmpty() ? "" : options);
    }
}
