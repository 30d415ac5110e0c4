package org.mxpack.core.doctor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mxpack doctor}: reads an installed James home and says what stands between it and a working
 * mxpack MX, each problem with its fix (like {@code postfix check}). Only reads files and asks the
 * configured DNS servers one question each; changes nothing.
 */
public final class Doctor {
    private static final List<DoctorCheck> CHECKS = List.of(new JarsCheck(), new SmtpServerCheck(),
            new SharedConfigCheck(), new MailetContainerCheck(), new LoggingCheck());

    private Doctor() {
    }

    public static List<Finding> examine(Path jamesHome) {
        JamesHome home = new JamesHome(jamesHome);
        List<Finding> out = new ArrayList<>();
        for (DoctorCheck check : CHECKS) {
            try {
                check.run(home, out);
            } catch (JamesHome.XmlError e) {
                out.add(Finding.error("conf", e.getMessage(), "fix the XML: James would not start"));
            }
        }
        return out;
    }
}
