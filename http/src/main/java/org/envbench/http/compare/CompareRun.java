package org.envbench.http.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

import org.envbench.http.results.CalibrationRow;
import org.envbench.http.results.CsvFile;
import org.envbench.http.watch.RunMarker;

/** Runs a comparison with the standard load step and, for {@code --calibrate}, judges it. */
public final class CompareRun {

    /** Labels of the two calibration containers. */
    public static final String UNLIMITED = Calibration.UNLIMITED;
    public static final String HALF = Calibration.HALF;
    public static final String SECOND_BARE = Calibration.SECOND_BARE;

    private CompareRun() {
    }

    /** The exit status: 0 all ran (and calibration passed), 1 otherwise. */
    public static int run(Comparison.Settings settings, List<EnvironmentUnderTest> envs, String classPath,
                          boolean calibrate, PrintStream out, PrintStream err) throws IOException {
        return run(settings, envs, classPath, null, calibrate, out, err);
    }

    /** As {@link #run(Comparison.Settings, List, String, boolean, PrintStream, PrintStream)}, the load JVM marked. */
    public static int run(Comparison.Settings settings, List<EnvironmentUnderTest> envs, String classPath,
                          RunMarker marker, boolean calibrate, PrintStream out, PrintStream err) throws IOException {
        try (LoadStep load = new ProcessLoadStep(classPath, settings.outDir().resolve("logs"), marker)) {
            Comparison comparison = new Comparison(settings, envs, load, out, err);
            int status = comparison.run();
            if (!calibrate || comparison.summary() == null) {
                return status;
            }
            List<Calibration.Check> checks = Calibration.checks(comparison.summary());
            CsvFile.write(settings.outDir().resolve("calibration.csv"), CalibrationRow.class,
                    checks.stream().map(Calibration.Check::row).toList());
            Calibration.print(checks, out);
            return status == 0 && Calibration.allPassed(checks) ? 0 : 1;
        }
    }
}
