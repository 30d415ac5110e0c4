package org.mxpack.core.config;

import java.util.List;
import java.util.Optional;

/**
 * A neutral view of one XML configuration element (a James {@code <handler>}, or mxpack.xml), so
 * that the hooks inside James (commons-configuration) and the offline {@code mxpack check}
 * (plain DOM) read the same knobs with the same code.
 *
 * <p>Paths are element names below this element joined by dots ({@code dnsbl.zone}); an attribute
 * is {@code element[@name]}.
 */
public interface ConfigSource {
    /** The text of the first element at {@code path}, trimmed; empty when absent. */
    Optional<String> value(String path);

    /** The texts of every element at {@code path}, in document order. */
    List<String> values(String path);

    /**
     * Every element and attribute present below this element, as paths ({@code dnsbl},
     * {@code dnsbl.zone}, {@code zone[@weight]}), so that {@link StrictSource} can refuse the ones no
     * reader knows. Empty when the source cannot list them.
     */
    default List<String> present() {
        return List.of();
    }

    /** Where this element is, for error messages: e.g. {@code smtpserver.xml <handler class="...HeloHook">}. */
    String location();

    /** An empty source (every knob at its default). */
    static ConfigSource empty(String location) {
        return new ConfigSource() {
            @Override
            public Optional<String> value(String path) {
                return Optional.empty();
            }

            @Override
            public List<String> values(String path) {
                return List.of();
            }

            @Override
            public String location() {
                return location;
            }
        };
    }
}
