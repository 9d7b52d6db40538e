package org.envbench.http.host;

/**
 * A shutdown hook that cleans up what an adapter started, registered once while there is something to clean and
 * removed when the adapter closes normally. Closing from inside the hook itself leaves the registration alone,
 * which the JVM forbids changing then.
 */
public final class CleanupHook {

    private final Thread thread;
    private boolean registered;

    /** @param cleanup what SIGTERM or Ctrl-C must not leave behind; it runs on the hook's own thread */
    public CleanupHook(String name, Runnable cleanup) {
        this.thread = new Thread(cleanup, name);
    }

    /** Registers the hook unless it is already registered. */
    public synchronized void register() {
        if (!registered) {
            Runtime.getRuntime().addShutdownHook(thread);
            registered = true;
        }
    }

    /** Removes the hook; a no-op when it is not registered, when the JVM is shutting down, or on the hook itself. */
    public synchronized void unregister() {
        if (!registered || Thread.currentThread() == thread) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs anyway and finds nothing left to clean.
        }
        registered = false;
    }
}
