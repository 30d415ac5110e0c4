package org.mxpack.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ConfigSource} that remembers every knob its readers asked for, so that after reading,
 * {@link #rejectUnknown()} can refuse what nobody read: a misspelt {@code <dnsbl><zones>} stops
 * James's start naming the file, the element and the closest known name, instead of being silently
 * ignored. Readers read every knob of their section whatever the others say (no conditional reads),
 * so "read" and "known" are the same set.
 */
public final class StrictSource implements ConfigSource {
    private final ConfigSource source;
    private final Set<String> read = ConcurrentHashMap.newKeySet();

    public StrictSource(ConfigSource source) {
        this.source = source;
    }

    @Override
    public Optional<String> value(String path) {
        read.add(path);
        return source.value(path);
    }

    @Override
    public List<String> values(String path) {
        read.add(path);
        return source.values(path);
    }

    @Override
    public List<String> present() {
        return source.present();
    }

    @Override
    public String location() {
        return source.location();
    }

    /** Every knob asked for so far (paths as {@link ConfigSource} writes them). */
    public Set<String> known() {
        return new TreeSet<>(read);
    }

    /** Throws {@link ConfigException} for the first element or attribute present that no reader asked for. */
    public void rejectUnknown() {
        for (String path : source.present()) {
            String unknown = firstUnknownPrefix(path);
            if (unknown != null) {
                throw new ConfigException("mxpack: " + location() + ": unknown " + describe(unknown) + hint(unknown));
            }
        }
    }

    /** The shortest prefix of {@code path} (element by element) that is not known, or null. */
    private String firstUnknownPrefix(String path) {
        int from = 0;
        while (true) {
            int dot = path.indexOf('.', from);
            String prefix = dot < 0 ? path : path.substring(0, dot);
            if (!isKnown(prefix)) {
                return prefix;
            }
            if (dot < 0) {
                return null;
            }
            from = dot + 1;
        }
    }

    private boolean isKnown(String path) {
        if (path.endsWith("]")) {
            return read.contains(path);
        }
        for (String r : read) {
            if (r.equals(path) || r.startsWith(path + ".") || r.startsWith(path + "[@")) {
                return true;
            }
        }
        return false;
    }

    private String hint(String unknown) {
        if (read.isEmpty()) {
            return "; it takes no settings";
        }
        String parent = parent(unknown);
        List<String> siblings = new ArrayList<>();
        for (String candidate : allKnownPaths()) {
            if (parent(candidate).equals(parent) && !candidate.equals(unknown)) {
                siblings.add(candidate);
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String s : siblings) {
            int d = distance(last(unknown).toLowerCase(java.util.Locale.ROOT), last(s).toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = s;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(2, last(unknown).length() / 3)) {
            return "; did you mean " + shortName(best) + "?";
        }
        if (siblings.isEmpty()) {
            return parent.isEmpty() ? "" : "; " + tags(parent) + " has no settings inside";
        }
        return "; known here: " + describeAll(siblings);
    }

    /** The read paths and every element above them. */
    private Set<String> allKnownPaths() {
        Set<String> all = new TreeSet<>();
        for (String r : read) {
            int from = 0;
            int dot;
            while ((dot = r.indexOf('.', from)) >= 0) {
                all.add(r.substring(0, dot));
                from = dot + 1;
            }
            all.add(r);
            if (r.endsWith("]")) {
                all.add(r.substring(0, r.indexOf("[@")));
            }
        }
        return all;
    }

    private static String parent(String path) {
        if (path.endsWith("]")) {
            return path.substring(0, path.indexOf("[@"));
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private static String last(String path) {
        if (path.endsWith("]")) {
            return path.substring(path.indexOf("[@") + 2, path.length() - 1);
        }
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** {@code dnsbl.zone} as {@code element <dnsbl><zone>}; {@code zone[@weight]} as {@code attribute weight of <zone>}. */
    static String describe(String path) {
        if (path.endsWith("]")) {
            return "attribute " + last(path) + "=\"\" of " + tags(parent(path));
        }
        return "element " + tags(path);
    }

    private static String describeAll(Collection<String> paths) {
        StringBuilder b = new StringBuilder();
        for (String p : paths) {
            b.append(b.length() == 0 ? "" : ", ").append(shortName(p));
        }
        return b.toString();
    }

    private static String shortName(String path) {
        return path.endsWith("]") ? last(path) + "=\"\"" : tags(path);
    }

    private static String tags(String path) {
        StringBuilder b = new StringBuilder();
        for (String part : path.split("\\.")) {
            b.append('<').append(part).append('>');
        }
        return b.toString();
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + change);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
