package io.conduit.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code conduit} command line: run an engine, validate a config directory, send HL7 over
 * MLLP, and look after stored messages.
 */
@Command(name = "conduit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Conduit healthcare integration engine.",
        subcommands = {RunCommand.class, ValidateCommand.class, TestCommand.class, SendCommand.class, MessagesCommand.class,
                ResendCommand.class, AuditCommand.class, UsersCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        if (args.length == 0 || !args[0].equals("run")) {
            // Only the engine itself logs progress; the other commands print their own results.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                    System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        }
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int execute(String... args) {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::reportFailure)
                .execute(args);
    }

    /**
     * Expected failures (a store error, a bad message id) are reported in one line naming the
     * problem; only a bug shows a stack trace.
     */
    private static int reportFailure(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        if (e instanceof io.conduit.core.store.StoreException || e instanceof IllegalArgumentException) {
            command.getErr().println(command.getCommandName() + ": " + e.getMessage());
            return 1;
        }
        throw new IllegalStateException("conduit " + command.getCommandName() + " failed unexpectedly", e);
    }
}
