package org.mxpack.core.config;

/** A bad setting: the message names the file/element, the knob and the bad value. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code mxpack: smtpserver.xml <handler ...> <timeout>abc</timeout>: not a duration (e.g. 5s, 500ms)}. */
    public static ConfigException bad(ConfigSource source, String path, String value, String why) {
        return new ConfigException("mxpack: " + source.location() + " " + element(path, value) + ": " + why);
    }

    static String element(String path, String value) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        if (last.contains("[@")) {
            String el = last.substring(0, last.indexOf('['));
            String attr = last.substring(last.indexOf("[@") + 2, last.length() - 1);
            return "<" + el + " " + attr + "=\"" + value + "\">";
        }
        return "<" + last + ">" + value + "</" + last + ">";
    }
}
