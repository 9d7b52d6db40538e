package org.envbench.http.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.envbench.core.Kernel;
import org.envbench.core.env.Fingerprint;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /}: a small HTML page that links the routes and shows the fingerprint. Being the default servlet, it also
 * answers every path no other route takes, with a JSON 404 listing the routes.
 */
final class IndexRoute extends Route {

    static final List<String> ROUTES = List.of("/", "/health", "/status", "/kernels", "/run/{kernel}", "/metrics");

    IndexRoute(ServerState state) {
        super(state, "GET", "HEAD");
    }

    @Override
    void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/".equals(request.getRequestURI())) {
            Json.error(response, 404, "not_found", "no route at " + Json.quote(request.getRequestURI())
                    + ": the routes are " + String.join(", ", ROUTES), Map.of("routes", ROUTES));
            return;
        }
        byte[] page = page().getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/html;charset=utf-8");
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }

    private String page() {
        // Short wait: the page is for people, and says so when detection is still running.
        FingerprintProbe.Outcome outcome = state.fingerprint.await(Duration.ofSeconds(2));
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>envbench ")
                .append(escape(state.config.envLabel())).append("</title></head><body>\n")
                .append("<h1>envbench: ").append(escape(state.config.envLabel())).append("</h1>\n<ul>\n")
                .append("<li><a href=\"/health\">/health</a> liveness</li>\n")
                .append("<li><a href=\"/status\">/status</a> fingerprint, process figures, catalog</li>\n")
                .append("<li><a href=\"/kernels\">/kernels</a> the catalog</li>\n")
                .append("<li><a href=\"/metrics\">/metrics</a> Prometheus metrics</li>\n</ul>\n")
                .append("<h2>Kernels</h2>\n<table><tr><th>run</th><th>kind</th><th>unit</th><th>size means</th>")
                .append("<th>min</th><th>default</th><th>max</th></tr>\n");
        for (Kernel kernel : state.kernels.values()) {
            String link = "/run/" + kernel.name() + "?size=" + kernel.defaultSize();
            html.append("<tr><td><a href=\"").append(escape(link)).append("\">").append(escape(kernel.name()))
                    .append("</a></td><td>").append(escape(kernel.resource().label()))
                    .append("</td><td>").append(escape(kernel.unit().symbol()))
                    .append("</td><td>").append(escape(kernel.sizeMeaning()))
                    .append("</td><td>").append(kernel.minSize())
                    .append("</td><td>").append(kernel.defaultSize())
                    .append("</td><td>").append(kernel.maxSize()).append("</td></tr>\n");
        }
        html.append("</table>\n<h2>Environment</h2>\n");
        Fingerprint fingerprint = outcome.fingerprint();
        if (fingerprint == null) {
            html.append("<p>").append(escape(outcome.problem())).append("</p>\n");
        } else {
            html.append("<table>\n");
            row(html, "kind", fingerprint.kind());
            row(html, "virtualization", fingerprint.virtualization());
            row(html, "container runtime", fingerprint.runtime());
            row(html, "acceleration", fingerprint.accel());
            row(html, "OS", fingerprint.os() + " " + fingerprint.kernelVersion());
            row(html, "CPU", fingerprint.cpuModel());
            row(html, "CPUs (logical / physical / effective)", fingerprint.logicalCpus() + " / "
                    + fingerprint.physicalCpus() + " / " + fingerprint.effectiveCpus());
            row(html, "memory total / limit (bytes)", fingerprint.memoryTotalBytes() + " / "
                    + fingerprint.memoryLimitBytes());
            if (fingerprint.layers() != null) {
                for (Fingerprint.Layer layer : fingerprint.layers()) {
                    row(html, "layer " + layer.kind() + " " + layer.name(),
                            layer.evidence() + " (" + layer.strength() + ")");
                }
            }
            html.append("</table>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static void row(StringBuilder html, String name, Object value) {
        html.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(String.valueOf(value)))
                .append("</td></tr>\n");
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
