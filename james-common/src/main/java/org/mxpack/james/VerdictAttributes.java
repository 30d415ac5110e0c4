package org.mxpack.james;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * How verdicts travel on a {@link Mail}: one attribute per check's decision, {@code mxpack.verdict.<check>},
 * holding the verdict's JSON-friendly map (String/Boolean/Long/List/Map only) so it survives the
 * distributed James's serialised mail queue. Hooks write, mailets and matchers read.
 */
public final class VerdictAttributes {
    public static final String PREFIX = "mxpack.verdict.";

    private VerdictAttributes() {
    }

    /** Method verdicts (spf, dkim, dmarc, iprev, dnsbl) travel as {@code mxpack.<method>}. */
    public static final String METHOD_PREFIX = "mxpack.";

    public static void putMethod(Mail mail, String method, Map<String, ?> verdict) {
        mail.setAttribute(new Attribute(AttributeName.of(METHOD_PREFIX + method), toValue(verdict)));
    }

    /** The verdict map of a method, if a hook recorded one. */
    public static Optional<Map<String, Object>> getMethod(Mail mail, String method) {
        return read(mail, AttributeName.of(METHOD_PREFIX + method));
    }

    public static AttributeName name(String check) {
        return AttributeName.of(PREFIX + check);
    }

    public static void put(Mail mail, String check, Map<String, ?> verdict) {
        mail.setAttribute(new Attribute(name(check), toValue(verdict)));
    }

    /** The verdict map recorded for {@code check}, if any. */
    public static Optional<Map<String, Object>> get(Mail mail, String check) {
        return read(mail, name(check));
    }

    private static Optional<Map<String, Object>> read(Mail mail, AttributeName name) {
        return mail.getAttribute(name).map(a -> {
            Object plain = fromValue(a.getValue());
            if (!(plain instanceof Map)) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) plain;
            return map;
        });
    }

    /** Plain value (String/Boolean/Number/List/Map) to a serializable AttributeValue. */
    public static AttributeValue<?> toValue(Object value) {
        if (value instanceof String) {
            return AttributeValue.of((String) value);
        }
        if (value instanceof Boolean) {
            return AttributeValue.of((Boolean) value);
        }
        if (value instanceof Number) {
            return AttributeValue.of(((Number) value).longValue());
        }
        if (value instanceof Map) {
            Map<String, AttributeValue<?>> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if (e.getValue() != null) {
                    out.put(String.valueOf(e.getKey()), toValue(e.getValue()));
                }
            }
            return AttributeValue.of(out);
        }
        if (value instanceof Collection) {
            List<AttributeValue<?>> out = new ArrayList<>();
            for (Object o : (Collection<?>) value) {
                if (o != null) {
                    out.add(toValue(o));
                }
            }
            return AttributeValue.of(out);
        }
        throw new IllegalArgumentException("not a JSON-friendly verdict value: " + value.getClass().getName());
    }

    /** The inverse of {@link #toValue(Object)}. */
    public static Object fromValue(AttributeValue<?> value) {
        Object v = value.value();
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.put(String.valueOf(e.getKey()), fromValue((AttributeValue<?>) e.getValue()));
            }
            return out;
        }
        if (v instanceof Collection) {
            List<Object> out = new ArrayList<>();
            for (Object o : (Collection<?>) v) {
                out.add(fromValue((AttributeValue<?>) o));
            }
            return out;
        }
        if (v instanceof Integer) {
            return ((Integer) v).longValue();
        }
        return v;
    }
}
