package org.mxpack.james;

import java.util.function.Function;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.mxpack.core.config.ConfigException;
import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.StrictSource;

/**
 * How every mxpack hook reads its {@code <handler>} element at James's start: through core's reader,
 * strictly (an element or attribute no reader knows stops the start, naming the closest known name),
 * with a bad value turned into the {@link ConfigurationException} James reports.
 */
public final class HandlerConfig {
    private HandlerConfig() {
    }

    public static <T> T read(Configuration config, Class<?> handler, Function<ConfigSource, T> reader)
            throws ConfigurationException {
        try {
            StrictSource source = new StrictSource(CommonsConfigSource.ofHandler(config, handler));
            T result = reader.apply(source);
            source.rejectUnknown();
            return result;
        } catch (ConfigException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }
}
