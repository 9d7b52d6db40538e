package org.envbench.http.host;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The envbench checkout, where {@code container/}, {@code vm/} and {@code http/envbench.jar} are: the one place that
 * finds it, for every adapter that builds an image or boots a VM from it.
 */
public final class ProjectDir {

    private ProjectDir() {
    }

    /**
     * The first folder holding {@code http/} and {@code container/}, looking below the system property
     * {@code envbench.projectDir} when set (the integration tests set it), then upwards from the working directory
     * (Maven runs tests in {@code http/}), from where this class was loaded (for {@code http/envbench.jar} that is
     * the checkout) and from each entry of {@code classPath}; the working directory when none holds them.
     */
    public static Path find(String classPath) {
        List<Path> starts = new ArrayList<>();
        String property = System.getProperty("envbench.projectDir");
        if (property != null && !property.isBlank()) {
            starts.add(Path.of(property).toAbsolutePath().normalize());
        }
        Path cwd = Path.of("").toAbsolutePath();
        starts.add(cwd);
        try {
            starts.add(Path.of(ProjectDir.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // No code source (for example a custom class loader): the other starts remain.
        }
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                starts.add(Path.of(entry).toAbsolutePath());
            }
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("http")) && Files.isDirectory(dir.resolve("container"))) {
                    return dir;
                }
            }
        }
        return cwd;
    }

    /** {@link #find(String)} with this JVM's class path. */
    public static Path find() {
        return find(System.getProperty("java.class.path", ""));
    }
}
