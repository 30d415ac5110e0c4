package org.mxpack.core.doctor;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.mxpack.core.verdict.DecisionLog;
import org.w3c.dom.Element;

/**
 * {@code conf/logback.xml} lets mxpack's decision lines ({@code mxpack stage=... action=...}, INFO on
 * logger {@value DecisionLog#LOGGER_NAME}) through; James's stock file logs only WARN outside
 * {@code org.apache.james}, which hides them.
 */
final class LoggingCheck implements DoctorCheck {
    private static final String FILE = "conf/logback.xml";
    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    @Override
    public void run(JamesHome home, List<Finding> out) {
        Optional<Element> root = home.xml("logback.xml");
        if (root.isEmpty()) {
            out.add(Finding.warn(FILE, "absent: James logs with its built-in defaults",
                    "use James's logback.xml with <logger name=\"org.mxpack\" level=\"INFO\"/>"));
            return;
        }
        String level = effectiveLevel(root.get(), DecisionLog.LOGGER_NAME);
        if (LEVELS.indexOf(level) > LEVELS.indexOf("INFO")) {
            out.add(Finding.warn(FILE, "logger " + DecisionLog.LOGGER_NAME + " logs at " + level
                    + ": mxpack's decision lines (mxpack stage=... action=...) are hidden",
                    "add <logger name=\"org.mxpack\" level=\"INFO\"/> inside <configuration>"));
        } else {
            out.add(Finding.ok(FILE, "mxpack's decision lines are logged (" + level + ")"));
        }
    }

    /** The level of the most specific {@code <logger>} whose name is a prefix of {@code logger}, else the root's. */
    static String effectiveLevel(Element configuration, String logger) {
        String best = null;
        String level = null;
        for (Element l : JamesHome.descendants(configuration, "logger")) {
            String name = l.getAttribute("name").trim();
            String lv = l.getAttribute("level").trim();
            boolean applies = logger.equals(name) || logger.startsWith(name + ".");
            if (applies && !lv.isEmpty() && (best == null || name.length() > best.length())) {
                best = name;
                level = lv;
            }
        }
        if (level == null) {
            for (Element r : JamesHome.descendants(configuration, "root")) {
                level = r.getAttribute("level").trim();
            }
        }
        return level == null || level.isEmpty() ? "DEBUG" : level.toUpperCase(Locale.ROOT);
    }
}
