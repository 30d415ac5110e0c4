package org.mxpack.core.doctor;

import java.util.List;

/** One area doctor looks at; adds what it finds (including OK lines) to {@code out}. */
interface DoctorCheck {
    void run(JamesHome home, List<Finding> out);
}
