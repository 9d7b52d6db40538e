package org.envbench.http.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds envbench's app image, {@value ContainerEnvironment#IMAGE}, from the checkout's {@code container/Dockerfile}
 * and jars, on the JRE base image that {@link ContainerEnvironment.Base} chooses.
 */
final class ContainerImage {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

    private final Path projectDir;
    private final ContainerEnvironment.Base base;

    ContainerImage(Path projectDir, ContainerEnvironment.Base base) {
        this.projectDir = projectDir;
        this.base = base;
    }

    /** Builds the image with {@code runtime}; the base image it was built on. */
    String build(ContainerRuntime runtime) throws IOException, InterruptedException {
        List<String> missing = missingInputs();
        if (!missing.isEmpty()) {
            throw new IOException("cannot build " + ContainerEnvironment.IMAGE + ": missing " + String.join(", ", missing)
                    + "; run ./mvnw -B package -DskipTests in " + projectDir);
        }
        String baseImage = chooseBase(runtime);
        if (baseImage.equals(ContainerEnvironment.LOCAL_BASE_IMAGE)) {
            CommandResult script = CommandResult.run(List.of("bash",
                    projectDir.resolve("container/base-image.sh").toString(), "--runtime", runtime.name()),
                    BUILD_TIMEOUT);
            if (!script.succeeded()) {
                throw new IOException("container/base-image.sh could not build " + ContainerEnvironment.LOCAL_BASE_IMAGE
                        + ": " + script.tail(5));
            }
        }
        List<String> command = runtime.command("build", "--build-arg", "BASE_IMAGE=" + baseImage);
        command.addAll(buildArgsFromRunArgs(runtime));
        command.addAll(List.of("-f", projectDir.resolve("container/Dockerfile").toString(), "-t",
                ContainerEnvironment.IMAGE, projectDir.toString()));
        CommandResult build = CommandResult.run(command, BUILD_TIMEOUT);
        if (!build.succeeded()) {
            throw new IOException(runtime.name() + " build of " + ContainerEnvironment.IMAGE + " on " + baseImage
                    + " failed: " + build.tail(8));
        }
        // The tag moved to the new build; the image it left behind is untagged and would pile up, one per new
        // jar. Only envbench's own untagged images go (podman and docker both take this filter).
        CommandResult.run(runtime.command("image", "prune", "--force", "--filter",
                "label=org.opencontainers.image.title=envbench"), COMMAND_TIMEOUT);
        return baseImage;
    }

    /**
     * The configured run arguments that the image build's RUN steps need as well: podman build takes
     * {@code --runtime} and {@code --ulimit} like podman run; docker build takes neither.
     */
    static List<String> buildArgsFromRunArgs(ContainerRuntime runtime) {
        List<String> buildArgs = new ArrayList<>();
        List<String> runArgs = runtime.runArgs();
        if (!runtime.name().equals("podman") || runArgs == null) {
            return buildArgs;
        }
        for (int i = 0; i + 1 < runArgs.size(); i++) {
            if (runArgs.get(i).equals("--runtime") || runArgs.get(i).equals("--ulimit")) {
                buildArgs.add(runArgs.get(i));
                buildArgs.add(runArgs.get(++i));
            }
        }
        return buildArgs;
    }

    /** Podman where it answers: docker's image is built by it, so that both engines run the same image. */
    static Optional<ContainerRuntime> podman() throws InterruptedException {
        return ContainerRuntime.detect(new ContainerRuntime.Settings("podman", null), System.getenv("PATH")).found();
    }

    /**
     * Gives docker podman's {@code image} with {@code podman save | docker load} unless docker has that very image
     * already (the same image id: both take it from the image's configuration), so that a stale copy never runs.
     */
    static void copyToDocker(ContainerRuntime podman, ContainerRuntime docker, String image)
            throws IOException, InterruptedException {
        String id = imageId(podman, image);
        if (id == null) {
            throw new IOException("podman has no " + image + " to give to docker");
        }
        if (id.equals(imageId(docker, image))) {
            return;
        }
        List<String> command = List.of("bash", "-o", "pipefail", "-c", "\"$0\" save \"$2\" | \"$1\" load",
                podman.executable().toString(), docker.executable().toString(), image);
        CommandResult copied = CommandResult.run(command, BUILD_TIMEOUT);
        if (!copied.succeeded()) {
            throw new IOException("podman save " + image + " | docker load failed: " + copied.tail(3));
        }
        String loaded = imageId(docker, image);
        if (!id.equals(loaded)) {
            throw new IOException("after podman save | docker load docker's " + image + " is " + loaded
                    + ", podman's " + id + "; remove docker's copy (docker rmi " + image + ") and try again");
        }
    }

    /** The image's id without its {@code sha256:} prefix, or null when the runtime does not have it. */
    static String imageId(ContainerRuntime runtime, String image) throws IOException, InterruptedException {
        CommandResult inspected = CommandResult.run(runtime.command("image", "inspect", "--format", "{{.Id}}", image),
                COMMAND_TIMEOUT);
        String id = inspected.output().strip().replaceFirst("^sha256:", "");
        return inspected.succeeded() && id.matches("[0-9a-f]{64}") ? id : null;
    }

    /** Whether {@code runtime} has {@code image}; false without a runtime. */
    static boolean exists(ContainerRuntime runtime, String image) {
        try {
            return runtime != null
                    && CommandResult.run(runtime.command("image", "inspect", image), COMMAND_TIMEOUT).succeeded();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The files of the checkout that the build needs and that are not there. */
    List<String> missingInputs() {
        return Stream.of("container/Dockerfile", "container/jvm.flags", "container/entrypoint.sh",
                        "container/healthcheck.sh", "http/envbench.jar", "http/runtime/release", "jmh/benchmarks.jar")
                .filter(file -> !Files.isRegularFile(projectDir.resolve(file))).toList();
    }

    private String chooseBase(ContainerRuntime runtime) throws InterruptedException, IOException {
        switch (base) {
            case LOCAL:
                return ContainerEnvironment.LOCAL_BASE_IMAGE;
            case REGISTRY:
                return ContainerEnvironment.REGISTRY_BASE_IMAGE;
            default:
                if (exists(runtime, ContainerEnvironment.REGISTRY_BASE_IMAGE)) {
                    return ContainerEnvironment.REGISTRY_BASE_IMAGE;
                }
                CommandResult pull = CommandResult.run(runtime.command("pull",
                        ContainerEnvironment.REGISTRY_BASE_IMAGE), BUILD_TIMEOUT);
                return pull.succeeded() ? ContainerEnvironment.REGISTRY_BASE_IMAGE
                        : ContainerEnvironment.LOCAL_BASE_IMAGE;
        }
    }
}
