package org.mxpack.core.spam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.mxpack.core.verdict.HeaderSyntax;

/**
 * rspamd's judgement of one message, or why there is none. Only an {@link ScannerStatus#OK} verdict carries
 * rspamd's action, scores, symbols and header edits; the others have action {@link SpamAction#NO_ACTION},
 * score 0 and a reason, and the hook decides (fail open or closed) from {@link #status()}.
 */
public final class SpamVerdict {
    /** Header written by {@link #headers()}: SpamAssassin's summary format, which Sieve scripts and MUAs know. */
    public static final String STATUS_HEADER = "X-Spam-Status";
    /** Header written by {@link #headers()} when {@link SpamAction#isSpam()}: {@code YES}, as SpamAssassin does. */
    public static final String FLAG_HEADER = "X-Spam-Flag";
    /** Longest summary header value: keeps the line well under RFC 5322's 998 octets. */
    private static final int MAX_SUMMARY = 900;

    private final ScannerStatus status;
    private final String reason;
    private final SpamAction action;
    private final double score;
    private final double requiredScore;
    private final List<SpamSymbol> symbols;
    private final List<HeaderEdit> headerEdits;
    private final String subject;
    private final String smtpMessage;

    private SpamVerdict(ScannerStatus status, String reason, SpamAction action, double score, double requiredScore,
            List<SpamSymbol> symbols, List<HeaderEdit> headerEdits, String subject, String smtpMessage) {
        this.status = Objects.requireNonNull(status, "status");
        this.reason = reason == null ? "" : reason;
        this.action = Objects.requireNonNull(action, "action");
        this.score = score;
        this.requiredScore = requiredScore;
        this.symbols = List.copyOf(symbols);
        this.headerEdits = List.copyOf(headerEdits);
        this.subject = subject;
        this.smtpMessage = smtpMessage;
    }

    /** A scanned message; add details with the {@code with...} methods. */
    public static SpamVerdict scanned(SpamAction action, double score, double requiredScore) {
        return new SpamVerdict(ScannerStatus.OK, "", action, score, requiredScore, List.of(), List.of(), null, null);
    }

    /** rspamd could not be reached. */
    public static SpamVerdict unavailable(String reason) {
        return failed(ScannerStatus.UNAVAILABLE, reason);
    }

    /** rspamd did not answer within the budget. */
    public static SpamVerdict timeout(String reason) {
        return failed(ScannerStatus.TIMEOUT, reason);
    }

    /** rspamd answered something unusable. */
    public static SpamVerdict error(String reason) {
        return failed(ScannerStatus.ERROR, reason);
    }

    private static SpamVerdict failed(ScannerStatus status, String reason) {
        if (status == ScannerStatus.OK) {
            throw new IllegalArgumentException("a failed verdict cannot be OK");
        }
        return new SpamVerdict(status, reason, SpamAction.NO_ACTION, 0, 0, List.of(), List.of(), null, null);
    }

    public SpamVerdict withSymbols(List<SpamSymbol> value) {
        return new SpamVerdict(status, reason, action, score, requiredScore, value, headerEdits, subject, smtpMessage);
    }

    public SpamVerdict withHeaderEdits(List<HeaderEdit> value) {
        return new SpamVerdict(status, reason, action, score, requiredScore, symbols, value, subject, smtpMessage);
    }

    public SpamVerdict withSubject(String value) {
        return new SpamVerdict(status, reason, action, score, requiredScore, symbols, headerEdits, value, smtpMessage);
    }

    public SpamVerdict withSmtpMessage(String value) {
        return new SpamVerdict(status, reason, action, score, requiredScore, symbols, headerEdits, subject, value);
    }

    public ScannerStatus status() {
        return status;
    }

    /** True when rspamd answered; false means {@link #action()} is not rspamd's. */
    public boolean isScanned() {
        return status == ScannerStatus.OK;
    }

    /** Why the scan failed; empty for {@link ScannerStatus#OK}. */
    public String reason() {
        return reason;
    }

    public SpamAction action() {
        return action;
    }

    public double score() {
        return score;
    }

    /** rspamd's {@code required_score}: the reject threshold of its configuration. */
    public double requiredScore() {
        return requiredScore;
    }

    /** The symbols that fired, in rspamd's order. */
    public List<SpamSymbol> symbols() {
        return symbols;
    }

    public Optional<SpamSymbol> symbol(String name) {
        return symbols.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** rspamd's header additions and removals (its {@code milter} block), additions first. */
    public List<HeaderEdit> headerEdits() {
        return headerEdits;
    }

    /** The headers rspamd asks to remove. */
    public List<HeaderEdit> headerRemovals() {
        List<HeaderEdit> out = new ArrayList<>();
        for (HeaderEdit e : headerEdits) {
            if (e.kind() == HeaderEdit.Kind.REMOVE) {
                out.add(e);
            }
        }
        return out;
    }

    /** The new Subject for {@link SpamAction#REWRITE_SUBJECT} (rspamd's {@code subject}). */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** The text rspamd wants in the SMTP reply (its {@code messages.smtp_message}), if any. */
    public Optional<String> smtpMessage() {
        return Optional.ofNullable(smtpMessage);
    }

    /**
     * The headers to add when the message is accepted: rspamd's own additions in its order, then
     * {@code X-Spam-Status: Yes|No, score=S required=R tests=A,B} (SpamAssassin's format) and, for spam
     * ({@link SpamAction#isSpam()}), {@code X-Spam-Flag: YES} — each summary header only when rspamd does
     * not add one by that name itself. Nothing when the message was not scanned: an unscanned message
     * must not look clean to a downstream filter, and the decision log already records why.
     */
    public List<HeaderEdit> headers() {
        if (!isScanned()) {
            return List.of();
        }
        List<HeaderEdit> out = new ArrayList<>();
        for (HeaderEdit e : headerEdits) {
            if (e.kind() == HeaderEdit.Kind.ADD) {
                out.add(e);
            }
        }
        if (!addsHeader(STATUS_HEADER)) {
            out.add(HeaderEdit.add(STATUS_HEADER, statusSummary(), 0));
        }
        if (action.isSpam() && !addsHeader(FLAG_HEADER)) {
            out.add(HeaderEdit.add(FLAG_HEADER, "YES", 0));
        }
        return out;
    }

    private boolean addsHeader(String name) {
        return headerEdits.stream().anyMatch(e -> e.kind() == HeaderEdit.Kind.ADD && e.name().equalsIgnoreCase(name));
    }

    private String statusSummary() {
        StringBuilder sb = new StringBuilder(action.isSpam() ? "Yes" : "No")
                .append(", score=").append(formatScore(score))
                .append(" required=").append(formatScore(requiredScore))
                .append(" tests=");
        int start = sb.length();
        for (SpamSymbol s : symbols) {
            String name = HeaderSyntax.clean(s.name()).replace(' ', '_').replace(',', '_');
            if (sb.length() + 1 + name.length() + 4 > MAX_SUMMARY) {
                sb.append(sb.length() > start ? ",..." : "...");
                break;
            }
            if (sb.length() > start) {
                sb.append(',');
            }
            sb.append(name);
        }
        if (sb.length() == start) {
            sb.append("NONE");
        }
        return sb.toString();
    }

    /** Two decimals, as rspamd and SpamAssassin print scores. */
    static String formatScore(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /**
     * JSON-friendly: {@code {status, reason?, action, score, requiredScore, symbols: [{name, score, options}],
     * headerEdits: [{kind, name, value?, position}], subject?, smtpMessage?}}; scores are decimal strings
     * (the map holds no floating point), positions Longs, action rspamd's name.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("status", status.name());
        if (!reason.isEmpty()) {
            map.put("reason", reason);
        }
        map.put("action", action.rspamdName());
        map.put("score", Double.toString(score));
        map.put("requiredScore", Double.toString(requiredScore));
        List<Object> syms = new ArrayList<>();
        for (SpamSymbol s : symbols) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("score", Double.toString(s.score()));
            m.put("options", new ArrayList<>(s.options()));
            syms.add(m);
        }
        map.put("symbols", syms);
        List<Object> edits = new ArrayList<>();
        for (HeaderEdit e : headerEdits) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", e.kind().name());
            m.put("name", e.name());
            if (e.kind() == HeaderEdit.Kind.ADD) {
                m.put("value", e.value());
            }
            m.put("position", e.position());
            edits.add(m);
        }
        map.put("headerEdits", edits);
        if (subject != null) {
            map.put("subject", subject);
        }
        if (smtpMessage != null) {
            map.put("smtpMessage", smtpMessage);
        }
        return map;
    }

    /** Inverse of {@link #toMap()}; {@link IllegalArgumentException} when the map is not one. */
    public static SpamVerdict fromMap(Map<String, ?> map) {
        Objects.requireNonNull(map, "map");
        ScannerStatus status;
        try {
            status = ScannerStatus.valueOf(string(map, "status", true));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scanner status: " + map.get("status"), e);
        }
        String actionName = string(map, "action", true);
        SpamAction action = SpamAction.fromRspamd(actionName)
                .orElseThrow(() -> new IllegalArgumentException("unknown action: " + actionName));
        List<SpamSymbol> symbols = new ArrayList<>();
        for (Map<String, ?> m : maps(map, "symbols")) {
            List<String> options = new ArrayList<>();
            Object o = m.get("options");
            if (o instanceof List) {
                for (Object x : (List<?>) o) {
                    options.add(String.valueOf(x));
                }
            }
            symbols.add(SpamSymbol.of(string(m, "name", true), number(m, "score"), options));
        }
        List<HeaderEdit> edits = new ArrayList<>();
        for (Map<String, ?> m : maps(map, "headerEdits")) {
            String kind = string(m, "kind", true);
            long position = m.get("position") instanceof Number ? ((Number) m.get("position")).longValue() : 0;
            if (HeaderEdit.Kind.ADD.name().equals(kind)) {
                edits.add(HeaderEdit.add(string(m, "name", true), string(m, "value", false), position));
            } else if (HeaderEdit.Kind.REMOVE.name().equals(kind)) {
                edits.add(HeaderEdit.remove(string(m, "name", true), position));
            } else {
                throw new IllegalArgumentException("unknown header edit kind: " + kind);
            }
        }
        Object subject = map.get("subject");
        Object smtpMessage = map.get("smtpMessage");
        return new SpamVerdict(status, string(map, "reason", false), action, number(map, "score"),
                number(map, "requiredScore"), symbols, edits,
                subject == null ? null : String.valueOf(subject), smtpMessage == null ? null : String.valueOf(smtpMessage));
    }

    private static String string(Map<String, ?> map, String key, boolean required) {
        Object v = map.get(key);
        if (v == null && !required) {
            return "";
        }
        if (!(v instanceof String)) {
            throw new IllegalArgumentException(key + " is missing or not a string: " + v);
        }
        return (String) v;
    }

    private static double number(Map<String, ?> map, String key) {
        Object v = map.get(key);
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        try {
            return v == null ? 0 : Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number: " + v, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, ?>> maps(Map<String, ?> map, String key) {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List)) {
            throw new IllegalArgumentException(key + " is not a list: " + v);
        }
        List<Map<String, ?>> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            if (!(o instanceof Map)) {
                throw new IllegalArgumentException(key + " holds a non-map: " + o);
            }
            out.add((Map<String, ?>) o);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpamVerdict)) {
            return false;
        }
        SpamVerdict v = (SpamVerdict) o;
        return status == v.status && reason.equals(v.reason) && action == v.action
                && Double.compare(score, v.score) == 0 && Double.compare(requiredScore, v.requiredScore) == 0
                && symbols.equals(v.symbols) && headerEdits.equals(v.headerEdits)
                && Objects.equals(subject, v.subject) && Objects.equals(smtpMessage, v.smtpMessage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, reason, action, score, requiredScore, symbols, headerEdits, subject, smtpMessage);
    }

    @Override
    public String toString() {
        if (!isScanned()) {
            return "spam " + status.name().toLowerCase(Locale.ROOT) + " (" + reason + ")";
        }
        return "spam " + action.rspamdName() + " " + formatScore(score) + "/" + formatScore(requiredScore) + " " + symbols;
    }
}
