package org.envbench.http;

import java.util.concurrent.Callable;

import org.envbench.core.env.Fingerprint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;

/** {@code fingerprint}: prints {@link Fingerprint#detect()} as JSON, the record's own field names. */
@Command(name = "fingerprint", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Prints where this process runs (kind, layers with evidence, CPU, memory, cgroup limits, JVM) "
                + "as JSON.")
public final class FingerprintCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Fingerprint fingerprint;
        try {
            fingerprint = Fingerprint.detect();
        } catch (RuntimeException e) {
            System.err.println("envbench: fingerprint detection failed: " + e.getMessage());
            return 1;
        }
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(fingerprint));
        return 0;
    }
}
