package org.envbench.http;

import java.io.PrintWriter;
import java.io.StringWriter;

/** envbench's command line run in the test's JVM: its exit status and what it printed on stdout and stderr. */
public record Cli(int status, String out, String err) {

    public static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Cli(status, out.toString(), err.toString());
    }
}
