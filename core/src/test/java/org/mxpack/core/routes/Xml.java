package org.mxpack.core.routes;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;

import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.DomConfigSource;

/** Test helper: a ConfigSource over an XML snippet. */
public final class Xml {
    private Xml() {
    }

    public static ConfigSource of(String location, String xml) {
        try {
            return new DomConfigSource(DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement(), location);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
