package org.envbench.http.host;

import java.util.List;

/** Pins a command to CPUs with {@code taskset}: the one way compare gives the server and the load CPUs of their own. */
public final class Taskset {

    private Taskset() {
    }

    /** The words to put before a command so that it runs on {@code cpuset}; none when {@code cpuset} is null. */
    public static List<String> prefix(String cpuset) {
        return cpuset == null ? List.of() : List.of("taskset", "-c", cpuset);
    }
}
