package org.envbench.http.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import org.envbench.http.env.ContainerEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads container/k8s/ into fabric8's typed Kubernetes model (unknown fields fail the read, so a misspelt key
 * does too) and checks that the manifests agree with each other, with container/Dockerfile and with the server:
 * port 8080, {@code /health} for the probes, {@code /metrics} for Prometheus, the image's non-root user.
 *
 * <p>The runtime-class overlays are checked as kustomize would combine them, without kustomize (no binary here):
 * each names the base, renames and relabels so that its Service selects only its own pod, and patches nothing but
 * the runtime class, which a RuntimeClass in runtimeclasses.yaml defines.
 */
class KubernetesManifestsTest {

    private static final int SERVER_PORT = 8080;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

    private static Path container;
    private static Deployment deployment;
    private static Service service;
    private static HorizontalPodAutoscaler autoscaler;

    @BeforeAll
    static void read() throws IOException {
        container = Path.of(System.getProperty("envbench.projectDir", "..")).resolve("container");
        deployment = YAML.readValue(container.resolve("k8s/base/deployment.yaml").toFile(), Deployment.class);
        service = YAML.readValue(container.resolve("k8s/base/service.yaml").toFile(), Service.class);
        autoscaler = YAML.readValue(container.resolve("k8s/base/hpa.yaml").toFile(), HorizontalPodAutoscaler.class);
    }

    private static PodSpec pod() {
        return deployment.getSpec().getTemplate().getSpec();
    }

    private static Container server() {
        List<Container> containers = pod().getContainers();
        assertEquals(1, containers.size(), "one container per pod");
        return containers.get(0);
    }

    @Test
    void theDockerfileExposesAndListensOnTheServerPort() throws IOException {
        String dockerfile = Files.readString(container.resolve("Dockerfile"));
        assertEquals(String.valueOf(SERVER_PORT), instruction(dockerfile, "EXPOSE"));
        // The ENV line also sets JAVA_HOME and PATH for the build's runtime: PORT is one of its words.
        assertTrue(List.of(instruction(dockerfile, "ENV").split("\\s+")).contains("PORT=" + SERVER_PORT),
                instruction(dockerfile, "ENV"));
    }

    @Test
    void theContainerListensOnTheServerPortWithTheAppImage() {
        Container server = server();
        assertEquals(ContainerEnvironment.IMAGE, server.getImage());
        List<ContainerPort> ports = server.getPorts();
        assertEquals(1, ports.size());
        assertEquals(SERVER_PORT, ports.get(0).getContainerPort());
        assertTrue(server.getArgs().containsAll(List.of("--host", "0.0.0.0")),
                "the server listens on 127.0.0.1 unless told otherwise: " + server.getArgs());
        server.getEnv().stream().filter(variable -> variable.getName().equals("PORT"))
                .forEach(variable -> assertEquals(String.valueOf(SERVER_PORT), variable.getValue()));
    }

    @Test
    void probesAskHealthOnTheServerPort() {
        Container server = server();
        for (HTTPGetAction probe : List.of(server.getReadinessProbe().getHttpGet(),
                server.getLivenessProbe().getHttpGet())) {
            assertEquals("/health", probe.getPath());
            assertEquals(SERVER_PORT, resolve(probe.getPort(), server));
        }
    }

    @Test
    void prometheusAnnotationsPointAtTheMetricsEndpoint() {
        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals(String.valueOf(SERVER_PORT), annotations.get("prometheus.io/port"));
        assertEquals("/metrics", annotations.get("prometheus.io/path"));
    }

    @Test
    void selectorsMatchThePodLabels() {
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> deploymentSelector = deployment.getSpec().getSelector().getMatchLabels();
        assertTrue(!deploymentSelector.isEmpty() && podLabels.entrySet().containsAll(deploymentSelector.entrySet()),
                "Deployment selector " + deploymentSelector + " vs pod labels " + podLabels);
        Map<String, String> serviceSelector = service.getSpec().getSelector();
        assertTrue(!serviceSelector.isEmpty() && podLabels.entrySet().containsAll(serviceSelector.entrySet()),
                "Service selector " + serviceSelector + " vs pod labels " + podLabels);
    }

    @Test
    void theServiceForwardsToTheServerPort() {
        List<ServicePort> ports = service.getSpec().getPorts();
        assertEquals(1, ports.size());
        assertEquals(SERVER_PORT, ports.get(0).getPort());
        assertEquals(SERVER_PORT, resolve(ports.get(0).getTargetPort(), server()));
    }

    @Test
    void thePodRunsAsTheImagesNonRootUserOnAReadOnlyRootWithAWritableTmp() throws IOException {
        assertEquals(Boolean.TRUE, pod().getSecurityContext().getRunAsNonRoot());
        String user = instruction(Files.readString(container.resolve("Dockerfile")), "USER");
        assertEquals(user, pod().getSecurityContext().getRunAsUser() + ":" + pod().getSecurityContext().getRunAsGroup());

        Container server = server();
        assertEquals(Boolean.TRUE, server.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, server.getSecurityContext().getAllowPrivilegeEscalation());
        VolumeMount tmp = server.getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals("/tmp"))
                .findFirst().orElseThrow(() -> new AssertionError("no volume on /tmp"));
        Volume volume = pod().getVolumes().stream().filter(candidate -> candidate.getName().equals(tmp.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("no volume named " + tmp.getName()));
        assertNotNull(volume.getEmptyDir(), "/tmp is an emptyDir");
    }

    @Test
    void theFileKernelsWriteToAScratchVolumeOnTheNodesDisk() {
        Container server = server();
        String scratch = server.getEnv().stream().filter(variable -> variable.getName().equals("ENVBENCH_SCRATCH"))
                .findFirst().orElseThrow(() -> new AssertionError("no ENVBENCH_SCRATCH")).getValue();
        VolumeMount mount = server.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(scratch))
                .findFirst().orElseThrow(() -> new AssertionError("no volume on the scratch folder " + scratch));
        Volume volume = pod().getVolumes().stream().filter(candidate -> candidate.getName().equals(mount.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("no volume named " + mount.getName()));
        assertNotNull(volume.getEmptyDir(), scratch + " is an emptyDir");
        assertNotEquals("Memory", volume.getEmptyDir().getMedium(), "a Memory emptyDir is a tmpfs, not a disk");
        assertNotNull(volume.getEmptyDir().getSizeLimit(), "a size limit, so that runs cannot fill the node's disk");
    }

    @Test
    void cpuAndMemoryHaveRequestsNoHigherThanLimits() {
        Map<String, Quantity> requests = server().getResources().getRequests();
        Map<String, Quantity> limits = server().getResources().getLimits();
        for (String resource : List.of("cpu", "memory")) {
            assertNotNull(requests.get(resource), "request for " + resource);
            assertNotNull(limits.get(resource), "limit for " + resource);
            assertTrue(requests.get(resource).getNumericalAmount()
                    .compareTo(limits.get(resource).getNumericalAmount()) <= 0, resource + " request above limit");
        }
        assertEquals(512L * 1024 * 1024, limits.get("memory").getNumericalAmount().longValueExact());
    }

    @Test
    void theAutoscalerScalesTheDeploymentOnCpuUtilisation() {
        assertEquals("autoscaling/v2", autoscaler.getApiVersion());
        assertEquals("Deployment", autoscaler.getSpec().getScaleTargetRef().getKind());
        assertEquals(deployment.getApiVersion(), autoscaler.getSpec().getScaleTargetRef().getApiVersion());
        assertEquals(deployment.getMetadata().getName(), autoscaler.getSpec().getScaleTargetRef().getName());
        List<MetricSpec> metrics = autoscaler.getSpec().getMetrics();
        assertEquals(1, metrics.size());
        assertEquals("Resource", metrics.get(0).getType());
        assertEquals("cpu", metrics.get(0).getResource().getName());
        assertEquals("Utilization", metrics.get(0).getResource().getTarget().getType());
        int target = metrics.get(0).getResource().getTarget().getAverageUtilization();
        assertTrue(target > 0 && target <= 100, "target utilisation " + target);
        assertTrue(autoscaler.getSpec().getMinReplicas() <= autoscaler.getSpec().getMaxReplicas());
    }

    @Test
    void theTopLevelKustomizationIsTheBaseWhoseResourcesAreTheManifestsReadHere() throws IOException {
        assertEquals(List.of("base"), kustomization(container.resolve("k8s")).get("resources"));
        assertEquals(List.of("deployment.yaml", "service.yaml", "hpa.yaml"),
                kustomization(container.resolve("k8s/base")).get("resources"));
    }

    @Test
    void theBaseSelectsOnlyItsOwnInstanceSoThatOverlaysRunBesideIt() {
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertEquals("envbench", podLabels.get(INSTANCE_LABEL));
        assertEquals("envbench", deployment.getSpec().getSelector().getMatchLabels().get(INSTANCE_LABEL));
        assertEquals("envbench", service.getSpec().getSelector().get(INSTANCE_LABEL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gvisor", "kata"})
    @SuppressWarnings("unchecked")
    void anOverlayPutsTheBasesPodUnderItsRuntimeClassUnderItsOwnNameAndLabels(String runtimeClass)
            throws IOException {
        Path overlay = container.resolve("k8s/overlays/" + runtimeClass);
        Map<String, Object> kustomization = kustomization(overlay);
        assertEquals(List.of("../../base"), kustomization.get("resources"),
                "an overlay outside the base's folder, which kustomize requires");
        assertEquals("-" + runtimeClass, kustomization.get("nameSuffix"));

        List<Map<String, Object>> labels = (List<Map<String, Object>>) kustomization.get("labels");
        assertEquals(1, labels.size());
        assertEquals(Map.of(INSTANCE_LABEL, "envbench-" + runtimeClass), labels.get(0).get("pairs"));
        assertEquals(Boolean.TRUE, labels.get(0).get("includeSelectors"),
                "without the selectors, the base's Service would select this overlay's pod too");

        List<String> patches = ((List<Map<String, String>>) kustomization.get("patches")).stream()
                .map(patch -> patch.get("path")).collect(Collectors.toList());
        assertEquals(List.of("runtime-class.yaml", "no-autoscaler.yaml"), patches);
        Deployment patch = YAML.readValue(overlay.resolve("runtime-class.yaml").toFile(), Deployment.class);
        assertEquals(deployment.getMetadata().getName(), patch.getMetadata().getName(), "patches the base's Deployment");
        PodSpec patched = patch.getSpec().getTemplate().getSpec();
        assertEquals(runtimeClass, patched.getRuntimeClassName());
        assertTrue(patched.getContainers() == null || patched.getContainers().isEmpty(),
                "the base's container, its budget and its read-only root file system stay as they are");
        assertEquals(null, patched.getSecurityContext(), "the base's pod security context stays as it is");
        assertEquals(runtimeClass,
                patch.getSpec().getTemplate().getMetadata().getAnnotations().get("envbench.org/runtime-class"));

        Map<String, Object> deletion = YAML.readValue(overlay.resolve("no-autoscaler.yaml").toFile(), Map.class);
        assertEquals("delete", deletion.get("$patch"));
        assertEquals(autoscaler.getKind(), deletion.get("kind"));
        assertEquals(autoscaler.getMetadata().getName(), ((Map<String, Object>) deletion.get("metadata")).get("name"));
    }

    @Test
    void everyRuntimeClassAnOverlayNamesIsDefinedWithAHandler() throws IOException {
        Map<String, RuntimeClass> classes;
        try (var parser = YAML.getFactory().createParser(container.resolve("k8s/runtimeclasses.yaml").toFile())) {
            classes = YAML.readValues(parser, RuntimeClass.class).readAll().stream()
                    .collect(Collectors.toMap(runtimeClass -> runtimeClass.getMetadata().getName(), c -> c));
        }
        assertEquals("runsc", classes.get("gvisor").getHandler());
        assertEquals("kata", classes.get("kata").getHandler());
        assertNotNull(classes.get("kata").getOverhead().getPodFixed().get("memory"),
                "a Kata pod's guest kernel and agent use memory that its containers do not see");
        for (String runtimeClass : List.of("gvisor", "kata")) {
            Deployment patch = YAML.readValue(
                    container.resolve("k8s/overlays/" + runtimeClass + "/runtime-class.yaml").toFile(), Deployment.class);
            assertTrue(classes.containsKey(patch.getSpec().getTemplate().getSpec().getRuntimeClassName()));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kustomization(Path folder) throws IOException {
        Map<String, Object> kustomization = YAML.readValue(folder.resolve("kustomization.yaml").toFile(), Map.class);
        assertEquals("Kustomization", kustomization.get("kind"), folder + "/kustomization.yaml");
        return kustomization;
    }

    /** A port given by number or by the container port's name. */
    private static int resolve(IntOrString port, Container server) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return server.getPorts().stream().filter(candidate -> port.getStrVal().equals(candidate.getName()))
                .mapToInt(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    /** The argument of the Dockerfile's only {@code instruction} line. */
    private static String instruction(String dockerfile, String instruction) {
        Matcher matcher = Pattern.compile("(?m)^" + instruction + "\\s+(.+)$").matcher(dockerfile);
        assertTrue(matcher.find(), "no " + instruction + " in the Dockerfile");
        String argument = matcher.group(1).strip();
        assertTrue(!matcher.find(), "more than one " + instruction + " in the Dockerfile");
        return argument;
    }
}
