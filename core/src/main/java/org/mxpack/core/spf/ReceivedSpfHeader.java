package org.mxpack.core.spf;

import java.util.ArrayList;
import java.util.List;

import org.mxpack.core.text.PrintableAscii;
import org.mxpack.core.verdict.HeaderSyntax;

/**
 * Renders the RFC 7208 §9.1 {@code Received-SPF} header: result, a comment, then {@code key=value}
 * pairs whose values are dot-atoms or quoted strings (RFC 5322 §3.2.3, §3.2.4).
 */
final class ReceivedSpfHeader {
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private ReceivedSpfHeader() {
    }

    static String render(SpfVerdict v, String receiver) {
        StringBuilder sb = new StringBuilder("Received-SPF: ").append(v.result().keyword());
        sb.append(" (").append(escapeComment((receiver.isEmpty() ? "" : receiver + ": ") + comment(v))).append(')');
        List<String> pairs = new ArrayList<>();
        pair(pairs, "client-ip", v.clientIp());
        String envelopeFrom = !v.envelopeFrom().isEmpty() ? v.envelopeFrom()
                : v.identity() == SpfIdentity.MAILFROM ? v.sender() : "";
        pair(pairs, "envelope-from", envelopeFrom);
        pair(pairs, "helo", v.helo());
        pair(pairs, "receiver", receiver);
        pair(pairs, "identity", v.identity().keyword());
        pair(pairs, "mechanism", v.mechanism());
        pair(pairs, "problem", v.problem());
        if (!pairs.isEmpty()) {
            sb.append(' ').append(String.join("; ", pairs)).append(';');
        }
        return sb.toString();
    }

    /** The human sentence of §9.1's examples, also used as the Authentication-Results reason. */
    static String comment(SpfVerdict v) {
        String sender = v.sender();
        String ip = v.clientIp();
        switch (v.result()) {
            case PASS:
                return "domain of " + sender + " designates " + ip + " as permitted sender";
            case FAIL:
                return "domain of " + sender + " does not designate " + ip + " as permitted sender";
            case SOFTFAIL:
                return "domain of transitioning " + sender + " does not designate " + ip + " as permitted sender";
            case NEUTRAL:
                return ip + " is neither permitted nor denied by domain of " + sender;
            case NONE:
                return "domain of " + sender + " does not designate permitted sender hosts";
            case TEMPERROR:
                return "error in processing during lookup of " + sender + ": " + v.problem();
            case PERMERROR:
                return "permanent error in processing during lookup of " + sender + ": " + v.problem();
            default:
                throw new IllegalStateException(v.result().name());
        }
    }

    private static void pair(List<String> pairs, String key, String value) {
        if (!value.isEmpty()) {
            pairs.add(key + "=" + value(value));
        }
    }

    /** A dot-atom as is, anything else as a quoted-string; controls and non-ASCII become '?'. */
    static String value(String raw) {
        String s = clean(raw);
        if (isDotAtom(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    static boolean isDotAtom(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (char c : s.toCharArray()) {
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && c != '.' && ATEXT_SPECIALS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Comment text: backslash-escape the characters that would end or nest the comment. */
    static String escapeComment(String raw) {
        StringBuilder sb = new StringBuilder();
        for (char c : clean(raw).toCharArray()) {
            if (c == '(' || c == ')' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /**
     * Header text must be printable ASCII on one line, and short enough that folding at its spaces
     * keeps every line under 998 octets whatever a client or a zone put into it.
     */
    private static String clean(String raw) {
        return PrintableAscii.of(raw, HeaderSyntax.MAX_VALUE);
    }
}
