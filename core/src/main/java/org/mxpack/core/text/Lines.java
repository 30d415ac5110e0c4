package org.mxpack.core.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into lines without a regular expression ({@code String.split("\r\n")} compiles one per
 * call, and header sections are split for every message). Like {@code split(..., -1)}: the text after
 * the last break is the last line, empty or not.
 */
public final class Lines {
    private Lines() {
    }

    /** Lines ended by CRLF; a CR or LF alone is part of its line. */
    public static List<String> crlf(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = text.indexOf("\r\n", from)) >= 0) {
            out.add(text.substring(from, at));
            from = at + 2;
        }
        out.add(text.substring(from));
        return out;
    }

    /** Lines ended by LF or CRLF; a CR elsewhere is part of its line. */
    public static List<String> lfOrCrlf(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = text.indexOf('\n', from)) >= 0) {
            int end = at > from && text.charAt(at - 1) == '\r' ? at - 1 : at;
            out.add(text.substring(from, end));
            from = at + 1;
        }
        out.add(text.substring(from));
        return out;
    }
}
