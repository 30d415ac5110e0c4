package org.mxpack.core.policy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;

import org.mxpack.core.config.ConfigSource;
import org.mxpack.core.config.DomConfigSource;

/** A handler's configuration written inline in a test. */
final class Xml {
    private Xml() {
    }

    static ConfigSource handler(String inner) {
        try {
            String xml = "<handler class=\"test\">" + inner + "</handler>";
            return new DomConfigSource(DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement(),
                    "test <handler>");
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
