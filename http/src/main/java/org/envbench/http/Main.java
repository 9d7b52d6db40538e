package org.envbench.http;

import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code envbench.jar} command line: serve (the default), load, compare, fingerprint. */
@Command(name = "envbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Measures what a container or a virtual machine costs: the same verified kernels bare, "
                + "in a container and in a VM. Without a subcommand, serve.",
        subcommands = {ServeCommand.class, LoadCommand.class, CompareCommand.class, FingerprintCommand.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(commandLine().execute(withDefaultCommand(args)));
    }

    /**
     * The command line with envbench's error handling: a bad option or value prints what was wrong and the usage to
     * stderr and gives exit status 2 (picocli's {@code ExitCode.USAGE}).
     */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    /** No subcommand means serve: {@code envbench --port 0} is {@code envbench serve --port 0}. */
    static String[] withDefaultCommand(String[] args) {
        boolean serve = args.length == 0 || args[0].startsWith("-") && !isTopLevelOption(args[0]);
        return serve ? prepend("serve", args) : args;
    }

    @Override
    public Integer call() {
        return new CommandLine(new ServeCommand()).execute();
    }

    private static boolean isTopLevelOption(String arg) {
        return arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version");
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** Reports the tool version from the core module's build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"envbench " + org.envbench.core.ToolVersion.get()};
        }
    }
}
