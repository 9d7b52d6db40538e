package org.envbench.http;

import java.util.concurrent.Callable;

import org.envbench.core.env.Fingerprint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fingerprint}: prints {@link Fingerprint#detect()} as JSON, the record's own field names. */
@Command(name = "fingerprint", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Prints where this process runs (kind, layers with evidence, CPU, memory, cgroup limits, JVM) "
                + "as JSON.")
public final class FingerprintCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Fingerprint fingerprint;
        try {
            fingerprint = Fingerprint.detect();
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("envbench: fingerprint detection failed: " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(fingerprint));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
