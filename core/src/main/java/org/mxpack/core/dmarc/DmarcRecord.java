package org.mxpack.core.dmarc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed DMARC policy record (RFC 7489 §6.3). Tag values that are not ABNF literals (rua, ruf ...)
 * keep their case; syntax errors in optional tags fall back to the defaults (§6.3: "discarded in favor
 * of default values").
 */
public final class DmarcRecord {
    private static final int MAX_LENGTH = 4096;

    private final String text;
    private final DmarcPolicy policy;
    private final DmarcPolicy subdomainPolicy;
    private final boolean strictDkim;
    private final boolean strictSpf;
    private final int pct;
    private final boolean policyFromRua;
    private final Map<String, String> tags;

    private DmarcRecord(String text, DmarcPolicy policy, DmarcPolicy subdomainPolicy, boolean strictDkim,
            boolean strictSpf, int pct, boolean policyFromRua, Map<String, String> tags) {
        this.text = text;
        this.policy = policy;
        this.subdomainPolicy = subdomainPolicy;
        this.strictDkim = strictDkim;
        this.strictSpf = strictSpf;
        this.pct = pct;
        this.policyFromRua = policyFromRua;
        this.tags = Collections.unmodifiableMap(tags);
    }

    /**
     * True when the text is a DMARC record at all: its first tag is {@code v=DMARC1} (value
     * case-sensitive, WSP allowed around {@code =}). Other TXT records at {@code _dmarc} are ignored.
     */
    public static boolean isDmarc(String text) {
        Map<String, String> t = tags(text);
        return t != null && !t.isEmpty() && "DMARC1".equals(t.get("v")) && t.keySet().iterator().next().equals("v");
    }

    /**
     * Parses a record. Empty when it is not a DMARC record, or (RFC 7489 §6.6.3 step 5) when it lacks a
     * valid {@code p=} or has an invalid {@code sp=} and no syntactically valid {@code rua=} URI: "no
     * DMARC processing". With such a {@code rua=} it acts as {@code p=none}.
     */
    public static Optional<DmarcRecord> parse(String text) {
        if (text == null || text.length() > MAX_LENGTH || !isDmarc(text)) {
            return Optional.empty();
        }
        Map<String, String> t = tags(text);
        Optional<DmarcPolicy> p = DmarcPolicy.parse(t.get("p"));
        Optional<DmarcPolicy> sp = DmarcPolicy.parse(t.get("sp"));
        boolean spInvalid = t.containsKey("sp") && sp.isEmpty();
        boolean fromRua = false;
        if (p.isEmpty() || spInvalid) {
            if (!hasValidUri(t.get("rua"))) {
                return Optional.empty();
            }
            p = Optional.of(DmarcPolicy.NONE);
            sp = Optional.empty();
            fromRua = true;
        }
        return Optional.of(new DmarcRecord(text, p.get(), sp.orElse(null), isStrict(t.get("adkim")),
                isStrict(t.get("aspf")), pct(t.get("pct")), fromRua, t));
    }

    /** Tag list: {@code name *WSP "=" *WSP value} separated by {@code ;}; null when malformed. First wins. */
    private static Map<String, String> tags(String text) {
        if (text == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                if (out.isEmpty()) {
                    return null; // a record must start with v=
                }
                continue;
            }
            String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            out.putIfAbsent(name, p.substring(eq + 1).trim());
        }
        return out;
    }

    private static boolean isStrict(String value) {
        return value != null && value.trim().equalsIgnoreCase("s");
    }

    private static int pct(String value) {
        if (value == null) {
            return 100;
        }
        try {
            int v = Integer.parseInt(value.trim());
            return v >= 0 && v <= 100 ? v : 100;
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** {@code rua}: comma-separated {@code URI [ "!" size ]}; valid when one URI has a scheme. */
    private static boolean hasValidUri(String rua) {
        if (rua == null) {
            return false;
        }
        for (String item : rua.split(",")) {
            String u = item.trim();
            int bang = u.lastIndexOf('!');
            if (bang > 0) {
                u = u.substring(0, bang);
            }
            try {
                URI uri = new URI(u);
                if (uri.getScheme() != null && uri.getSchemeSpecificPart() != null
                        && !uri.getSchemeSpecificPart().isEmpty()) {
                    return true;
                }
            } catch (URISyntaxException e) {
                // try the next one
            }
        }
        return false;
    }

    /** The record text as published (chunks joined). */
    public String text() {
        return text;
    }

    /** {@code p=}; {@link DmarcPolicy#NONE} when taken from a record with only {@code rua=}. */
    public DmarcPolicy policy() {
        return policy;
    }

    /** {@code sp=}, or {@code p=} when absent. */
    public DmarcPolicy subdomainPolicy() {
        return subdomainPolicy == null ? policy : subdomainPolicy;
    }

    public boolean hasSubdomainPolicy() {
        return subdomainPolicy != null;
    }

    /** {@code adkim=s}. */
    public boolean strictDkim() {
        return strictDkim;
    }

    /** {@code aspf=s}. */
    public boolean strictSpf() {
        return strictSpf;
    }

    /** 0..100, default 100. */
    public int pct() {
        return pct;
    }

    /** True when {@code p=} was missing/invalid and {@code p=none} was assumed because of {@code rua=}. */
    public boolean policyFromRua() {
        return policyFromRua;
    }

    /** A raw tag value (names lower case), e.g. {@code tag("rua")}. */
    public Optional<String> tag(String name) {
        return Optional.ofNullable(tags.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The {@code rua=} URIs as published. */
    public List<String> rua() {
        List<String> out = new ArrayList<>();
        tag("rua").ifPresent(v -> {
            for (String s : v.split(",")) {
                if (!s.trim().isEmpty()) {
                    out.add(s.trim());
                }
            }
        });
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DmarcRecord && text.equals(((DmarcRecord) o).text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
