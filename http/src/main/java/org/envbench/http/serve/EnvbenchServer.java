package org.envbench.http.serve;

import java.net.URI;
import java.util.EnumSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.envbench.core.env.Fingerprint;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import jakarta.servlet.DispatcherType;

/**
 * Wires the routes of {@code serve} into a Jetty server: one servlet per route, a filter that counts and logs
 * requests, an optional token check, JSON errors, and a graceful stop that lets requests in flight finish.
 *
 * <pre>{@code
 * Server server = EnvbenchServer.createServer(ServeConfig.local());
 * server.start();
 * URI base = EnvbenchServer.uri(server);   // http://127.0.0.1:<free port>/
 * }</pre>
 */
public final class EnvbenchServer {

    private EnvbenchServer() {
    }

    /** A server, not started yet, with its own metrics registry and the real fingerprint. */
    public static Server createServer(ServeConfig config) {
        return createServer(config, Fingerprint::detect, uri -> { });
    }

    /**
     * A server, not started yet.
     *
     * @param detector what detects the fingerprint, in the background once the server is ready
     * @param onReady  called with the server's URI once it accepts connections, before any access log line
     */
    public static Server createServer(ServeConfig config, Supplier<Fingerprint> detector, Consumer<URI> onReady) {
        // Without auto-describe, registering does not collect: OSHI and the fingerprint stay off the start-up path.
        CollectorRegistry registry = new CollectorRegistry(false);
        FingerprintProbe fingerprint = new FingerprintProbe(detector);
        RunSlots slots = new RunSlots(config.maxConcurrentRuns());
        ServerMetrics metrics = new ServerMetrics(registry, fingerprint);
        ServerState state = new ServerState(config, slots, metrics, fingerprint);

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("envbench-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new HealthRoute(state)), "/health");
        context.addServlet(new ServletHolder(new StatusRoute(state)), "/status");
        context.addServlet(new ServletHolder(new KernelsRoute(state)), "/kernels");
        context.addServlet(new ServletHolder(new RunRoute(state)), "/run/*");
        context.addServlet(new ServletHolder(new MetricsServlet(registry)), "/metrics");
        context.addServlet(new ServletHolder(new IndexRoute(state)), "/");
        context.addFilter(new FilterHolder(new RequestObserver(state)), "/*", EnumSet.of(DispatcherType.REQUEST));
        if (config.token() != null) {
            context.addFilter(new FilterHolder(new TokenCheck(state, config.token())), "/*",
                    EnumSet.of(DispatcherType.REQUEST));
        }
        context.setErrorHandler(new JsonErrorHandler.ForServlets());
        server.setErrorHandler(new JsonErrorHandler(metrics));

        server.setHandler(new GracefulHandler(new HealthHandler(state, context)));
        server.setStopTimeout(config.grace().toMillis());
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarted(LifeCycle event) {
                state.recordStartup();
                try {
                    onReady.accept(uri(server));
                } finally {
                    state.markAnnounced();
                    fingerprint.start();
                    metrics.registerJvmMetrics();
                }
            }

            @Override
            public void lifeCycleStopped(LifeCycle event) {
                slots.close();
            }
        });
        return server;
    }

    /** {@code http://host:port/} of a started server, with the port it really got. */
    public static URI uri(Server server) {
        ServerConnector connector = (ServerConnector) server.getConnectors()[0];
        String host = connector.getHost() == null ? "0.0.0.0" : connector.getHost();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
    }
}
