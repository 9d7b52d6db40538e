package org.envbench.http.load;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a load run requests: one URI, and how latency.csv names it. A kernel target is {@code /run/NAME?size=N}
 * with kernel = NAME and size = N; a path target has kernel = the path and an empty size.
 *
 * @param uri    the full request URI
 * @param kernel latency.csv's {@code kernel} column: the kernel name, or the path for a path target
 * @param size   latency.csv's {@code size} column: the size as written in the URI, or empty for a path target
 */
public record LoadTarget(URI uri, String kernel, String size) {

    private static final Pattern KERNEL_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** {@code GET base/run/kernel?size=size}. */
    public static LoadTarget kernel(URI base, String kernel, long size) {
        if (!KERNEL_NAME.matcher(kernel).matches()) {
            throw new IllegalArgumentException("kernel name '" + kernel
                    + "' is not valid: expected lower-case letters, digits and '-', for example sha256 or stream-triad");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("size " + size + " is not valid: expected a positive number");
        }
        String sizeText = Long.toString(size);
        return new LoadTarget(join(base, "/run/" + kernel + "?size=" + sizeText), kernel, sizeText);
    }

    /** {@code GET base + path}, for example {@code /health}. */
    public static LoadTarget path(URI base, String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path '" + path + "' is not valid: expected it to start with '/', for example /health");
        }
        return new LoadTarget(join(base, path), path, "");
    }

    /**
     * Checks that {@code base} is an absolute http URL with a host, the only kind the load generator talks to.
     *
     * @throws IllegalArgumentException saying what is expected
     */
    public static URI checkBase(URI base) {
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") || base.getHost() == null) {
            throw new IllegalArgumentException("URL '" + base + "' is not an http URL: expected the server's address, "
                    + "for example http://127.0.0.1:8080/ (https is not supported; envbench serve speaks plain http)");
        }
        if (base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException("URL '" + base + "' has a query or fragment: give the server's address "
                    + "only and use --path or --kernel for what to request");
        }
        return base;
    }

    private static URI join(URI base, String pathAndQuery) {
        checkBase(base);
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath + pathAndQuery);
    }

    /** The port requests go to, with http's default when the URL gives none. */
    public int port() {
        return uri.getPort() == -1 ? 80 : uri.getPort();
    }
}
