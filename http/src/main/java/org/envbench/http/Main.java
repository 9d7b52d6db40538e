package org.envbench.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.envbench.http.diff.DiffCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code envbench.jar} command line: serve (the default), load, compare, fingerprint. */
@Command(name = "envbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Measures what a container or a virtual machine costs: the same verified kernels bare, "
                + "in a container and in a VM. Without a subcommand, serve.")
public final class Main implements Callable<Integer> {

    /**
     * The subcommands in the order the usage lists them. They are not in the {@code @Command} annotation because
     * picocli introspects every annotated subcommand at start: {@link #commandLine(String[])} adds only the one
     * that runs, which keeps about 60 ms of reflection over compare's and load's options off serve's start.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("serve", ServeCommand::new);
        SUBCOMMANDS.put("load", LoadCommand::new);
        SUBCOMMANDS.put("compare", CompareCommand::new);
        SUBCOMMANDS.put("diff", DiffCommand::new);
        SUBCOMMANDS.put("fingerprint", FingerprintCommand::new);
    }

    public static void main(String[] args) {
        String[] effective = withDefaultCommand(args);
        if (effective.length > 0 && effective[0].equals("serve")) {
            prepareFastStart();
        }
        System.exit(commandLine(effective).execute(effective));
    }

    /**
     * The command line with every subcommand and envbench's error handling: a bad option or value prints what was
     * wrong and the usage to stderr and gives exit status 2 (picocli's {@code ExitCode.USAGE}).
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        SUBCOMMANDS.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
        return commandLine;
    }

    /**
     * The command line for these arguments: when the first one names a subcommand, only that subcommand is built;
     * otherwise (help, version, a typo) all of them, so that the usage and picocli's suggestions list every one.
     */
    static CommandLine commandLine(String[] args) {
        Supplier<Object> only = args.length == 0 ? null : SUBCOMMANDS.get(args[0]);
        if (only == null) {
            return commandLine();
        }
        return new CommandLine(new Main()).addSubcommand(args[0], only.get());
    }

    /** No subcommand means serve: {@code envbench --port 0} is {@code envbench serve --port 0}. */
    static String[] withDefaultCommand(String[] args) {
        boolean serve = args.length == 0 || args[0].startsWith("-") && !isTopLevelOption(args[0]);
        return serve ? prepend("serve", args) : args;
    }

    /**
     * Takes the two slowest steps of Jetty's start off serve's critical path. Jetty's thread pool asks JMX whether
     * compressed oops are on, only to pad a queue to a cache line; building the platform MBean server for that costs
     * about 60 ms, so the answer is given as the property Jetty reads first (16 references of 4 bytes per 64-byte
     * line; a wrong guess would only change the padding). Jetty's MimeTypes lists the JDK's locales when it loads,
     * about 50 ms; a daemon thread does that while the main thread parses options, on a second CPU where there is one.
     */
    static void prepareFastStart() {
        if (System.getProperty("org.eclipse.jetty.util.referencesPerCacheLine") == null) {
            System.setProperty("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        }
        Thread locales = new Thread(Locale::getAvailableLocales, "envbench-warmup");
        locales.setDaemon(true);
        locales.start();
    }

    @Override
    public Integer call() {
        return commandLine(new String[] {"serve"}).execute("serve");
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
