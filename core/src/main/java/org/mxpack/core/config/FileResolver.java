package org.mxpack.core.config;

import java.nio.file.Path;

/**
 * Turns a file name written in configuration into a readable file: inside James relative to its
 * working directory ({@code conf/mxpack/x.txt}, {@code file://conf/...}), offline relative to the
 * folder that holds {@code conf/}. Throws {@link ConfigException} naming element and value.
 */
public interface FileResolver {
    Path resolve(ConfigSource source, String path, String value);

    /** Resolves against a base folder (the parent of {@code conf/}); absolute names stay. */
    static FileResolver relativeTo(Path base) {
        return (source, path, value) -> {
            String v = value.trim();
            if (v.startsWith("file://")) {
                v = v.substring("file://".length());
            }
            Path p = v.startsWith("/") ? Path.of(v) : base.resolve(v);
            if (!java.nio.file.Files.isReadable(p) || !java.nio.file.Files.isRegularFile(p)) {
                throw ConfigException.bad(source, path, value, "no readable file at " + p.toAbsolutePath());
            }
            return p;
        };
    }
}
