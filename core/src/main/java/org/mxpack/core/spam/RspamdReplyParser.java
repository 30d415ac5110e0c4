package org.mxpack.core.spam;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.mxpack.core.verdict.HeaderSyntax;

/**
 * Reads rspamd's {@code /checkv2} JSON reply into a {@link SpamVerdict}. Anything unusable (not JSON, no
 * action, an action mxpack does not model, an {@code error} object) becomes an {@link ScannerStatus#ERROR}
 * verdict with the reason; nothing is thrown.
 */
final class RspamdReplyParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Options per symbol kept: rspamd may list hundreds of URLs, the verdict is stored on the mail. */
    static final int MAX_OPTIONS = 20;
    /** Symbols kept, same reason. */
    static final int MAX_SYMBOLS = 200;

    private RspamdReplyParser() {
    }

    /** Parses a reply body; {@code httpStatus} other than 200 is an error whatever the body says. */
    static SpamVerdict parse(int httpStatus, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            return SpamVerdict.error(httpStatus == 200 ? "reply is not JSON: " + shortMessage(e)
                    : "HTTP " + httpStatus + " from rspamd");
        }
        if (httpStatus != 200) {
            String err = root != null && root.hasNonNull("error") ? ": " + root.get("error").asText() : "";
            return SpamVerdict.error("HTTP " + httpStatus + " from rspamd" + HeaderSyntax.clean(err));
        }
        if (root == null || !root.isObject()) {
            return SpamVerdict.error("reply is not a JSON object");
        }
        if (root.hasNonNull("error")) {
            return SpamVerdict.error("rspamd error: " + HeaderSyntax.clean(root.get("error").asText()));
        }
        JsonNode actionNode = root.get("action");
        if (actionNode == null || !actionNode.isTextual()) {
            return SpamVerdict.error("reply has no action");
        }
        String actionName = actionNode.asText();
        SpamAction action = SpamAction.fromRspamd(actionName).orElse(null);
        if (action == null) {
            return SpamVerdict.error("unsupported rspamd action '" + HeaderSyntax.clean(actionName) + "'");
        }
        SpamVerdict v = SpamVerdict.scanned(action, number(root.get("score")), number(root.get("required_score")))
                .withSymbols(symbols(root.get("symbols")))
                .withHeaderEdits(headerEdits(root.get("milter")));
        JsonNode subject = root.get("subject");
        if (subject != null && subject.isTextual()) {
            v = v.withSubject(subject.asText());
        }
        JsonNode messages = root.get("messages");
        if (messages != null && messages.has("smtp_message") && messages.get("smtp_message").isTextual()) {
            v = v.withSmtpMessage(HeaderSyntax.clean(messages.get("smtp_message").asText()));
        }
        return v;
    }

    private static double number(JsonNode n) {
        return n != null && n.isNumber() && Double.isFinite(n.asDouble()) ? n.asDouble() : 0;
    }

    private static List<SpamSymbol> symbols(JsonNode node) {
        List<SpamSymbol> out = new ArrayList<>();
        if (node == null || !node.isObject()) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext() && out.size() < MAX_SYMBOLS) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode sym = e.getValue();
            List<String> options = new ArrayList<>();
            JsonNode opts = sym.get("options");
            if (opts != null && opts.isArray()) {
                for (JsonNode o : opts) {
                    if (options.size() >= MAX_OPTIONS) {
                        break;
                    }
                    options.add(HeaderSyntax.clean(o.asText()));
                }
            }
            out.add(SpamSymbol.of(e.getKey(), number(sym.get("score")), options));
        }
        return out;
    }

    /**
     * rspamd's {@code milter} block: {@code add_headers} maps a name to a string, to {@code {value, order}}
     * or to an array of those; {@code remove_headers} maps a name to the instance index (0 = all).
     * Names that are not RFC 5322 field names are dropped; values keep their folding, as CRLF + WSP.
     */
    private static List<HeaderEdit> headerEdits(JsonNode milter) {
        List<HeaderEdit> adds = new ArrayList<>();
        List<HeaderEdit> removes = new ArrayList<>();
        if (milter == null || !milter.isObject()) {
            return adds;
        }
        JsonNode add = milter.get("add_headers");
        if (add != null && add.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = add.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!isFieldName(e.getKey())) {
                    continue;
                }
                JsonNode v = e.getValue();
                if (v.isArray()) {
                    for (JsonNode one : v) {
                        addOne(adds, e.getKey(), one);
                    }
                } else {
                    addOne(adds, e.getKey(), v);
                }
            }
        }
        JsonNode remove = milter.get("remove_headers");
        if (remove != null && remove.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = remove.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (isFieldName(e.getKey())) {
                    removes.add(HeaderEdit.remove(e.getKey(), e.getValue().isNumber() ? e.getValue().asLong() : 0));
                }
            }
        }
        adds.addAll(removes);
        return adds;
    }

    private static void addOne(List<HeaderEdit> out, String name, JsonNode v) {
        if (v.isTextual()) {
            out.add(HeaderEdit.add(name, headerValue(v.asText()), 0));
        } else if (v.isObject() && v.has("value")) {
            long order = v.has("order") && v.get("order").isNumber() ? v.get("order").asLong() : 0;
            out.add(HeaderEdit.add(name, headerValue(v.get("value").asText()), order));
        }
    }

    /** RFC 5322 §2.2: printable US-ASCII except colon. */
    static boolean isFieldName(String name) {
        if (name == null || name.isEmpty() || name.length() > 200) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == ':') {
                return false;
            }
        }
        return true;
    }

    /**
     * Keeps rspamd's folding (a line break followed by space or tab becomes CRLF + that character) and turns
     * every other control character into a space, so no value can start a new header or end the header block.
     */
    static String headerValue(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '\r' || c == '\n') {
                int j = i;
                while (j < raw.length() && (raw.charAt(j) == '\r' || raw.charAt(j) == '\n')) {
                    j++;
                }
                if (j < raw.length() && (raw.charAt(j) == ' ' || raw.charAt(j) == '\t') && sb.length() > 0) {
                    sb.append("\r\n");
                } else {
                    sb.append(' ');
                }
                i = j;
                continue;
            }
            sb.append(c < 0x20 && c != '\t' || c == 0x7f ? ' ' : c);
            i++;
        }
        return sb.toString().trim();
    }

    private static String shortMessage(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return HeaderSyntax.clean(nl > 0 ? m.substring(0, nl) : m);
    }
}
