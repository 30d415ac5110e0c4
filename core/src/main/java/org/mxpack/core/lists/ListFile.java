package org.mxpack.core.lists;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The list-file format every mxpack list shares: one rule per line, {@code #} starts a comment,
 * blank lines ignored; each rule is parsed with its origin {@code FILE:LINE} so errors point at it.
 */
final class ListFile {
    private ListFile() {
    }

    static <T> List<T> read(Path file, BiFunction<String, String, T> parser) throws IOException {
        List<T> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String rule = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (!rule.isEmpty()) {
                out.add(parser.apply(rule, file + ":" + (i + 1)));
            }
        }
        return out;
    }

    /** Rules written inline (XML elements), all with the same origin. */
    static <T> List<T> parse(List<String> rules, String origin, BiFunction<String, String, T> parser) {
        List<T> out = new ArrayList<>();
        for (String r : rules) {
            out.add(parser.apply(r, origin));
        }
        return out;
    }
}
