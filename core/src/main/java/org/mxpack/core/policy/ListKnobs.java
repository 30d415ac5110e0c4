package org.mxpack.core.policy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;

import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.FileResolver;
import org.mxpack.core.lists.ReloadingList;

/**
 * A list knob pair of a handler section: inline rules ({@code <block>}) plus list files
 * ({@code <blockFile>}), read at start (a bad rule or file stops James's start naming the element and
 * value) and read again while James runs whenever a file changes ({@link ReloadingList}).
 */
final class ListKnobs {
    private ListKnobs() {
    }

    static <L> ReloadingList<L> read(ConfigSource config, FileResolver files, String inline, String file,
            BiFunction<List<String>, String, L> parse, ReloadingList.Reader<L> reader, BinaryOperator<L> plus) {
        L rules;
        try {
            rules = parse.apply(config.values(inline), config.location() + " <" + inline + ">");
        } catch (IllegalArgumentException e) {
            throw new ConfigException("mxpack: " + e.getMessage(), e);
        }
        List<Path> paths = new ArrayList<>();
        for (String name : config.values(file)) {
            Path path = files.resolve(config, file, name);
            try {
                reader.read(path); // the first reading names the element when it fails
            } catch (IOException | IllegalArgumentException e) {
                throw ConfigException.bad(config, file, name, e.getMessage());
            }
            paths.add(path);
        }
        try {
            return new ReloadingList<>(rules, paths, reader, plus);
        } catch (IOException | IllegalArgumentException e) {
            throw ConfigException.bad(config, file, String.join(",", config.values(file)), e.getMessage());
        }
    }
}
