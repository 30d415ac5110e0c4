package org.mxpack.smtp;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.FileSystem;

/**
 * Resolves file names written in James XML ({@code file://conf/mxpack/x.txt}, {@code conf/...}
 * relative to James's working directory, or absolute), with errors that name the element and value.
 */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    public static Path resolve(FileSystem fileSystem, String element, String value) throws ConfigurationException {
        String v = value.trim();
        try {
            if (v.startsWith("/")) {
                return checkReadable(new File(v), element, v);
            }
            String url = v.contains("://") ? v : FileSystem.FILE_PROTOCOL + v;
            return checkReadable(fileSystem.getFile(url), element, v);
        } catch (IOException e) {
            throw new ConfigurationException("mxpack: <" + element + ">" + v + "</" + element + ">: cannot open file: "
                    + e.getMessage(), e);
        }
    }

    private static Path checkReadable(File f, String element, String value) throws ConfigurationException {
        if (!f.isFile() || !f.canRead()) {
            throw new ConfigurationException("mxpack: <" + element + ">" + value + "</" + element
                    + ">: no readable file at " + f.getAbsolutePath());
        }
        return f.toPath();
    }
}
