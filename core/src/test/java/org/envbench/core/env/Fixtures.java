package org.envbench.core.env;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The recorded machines under {@code src/test/resources/fingerprint/}, each a root directory to read from. */
final class Fixtures {

    private Fixtures() {
    }

    static Path root(String name) {
        URL url = Fixtures.class.getResource("/fingerprint/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture folder fingerprint/" + name + " on the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static SystemFacts facts(String name) {
        return SystemFacts.read(root(name));
    }
}
