package io.conduit.server;

import io.conduit.core.runtime.AuthSettings;
import io.conduit.core.store.MessageStore;
import io.conduit.core.store.UserRecord;
import io.conduit.server.auth.AccountException;
import io.conduit.server.auth.Accounts;
import io.conduit.server.auth.Role;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code conduit users DIR}: lists control-plane users, adds one, resets a password or enables
 * and disables an account — from the machine the engine runs on, so a lost administrator password
 * is never a dead end. Works while the engine runs (the store serialises writes); each change is
 * audited as done by the OS user at {@code cli}. Passwords are read from the console without echo,
 * or from standard input when there is no console (one line), never from the command line.
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = {"List dashboard and API users, or add one, reset a password, enable or disable an account.",
                "Passwords are asked for (no echo) or read from standard input; never given as arguments."})
final class UsersCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @ArgGroup(exclusive = true)
    Action action = new Action();

    static final class Action {
        @Option(names = "--add", paramLabel = "NAME", description = "Add a user (with --role).")
        String add;

        @Option(names = "--set-password", paramLabel = "NAME", description = "Set a user's password (ends their sessions).")
        String setPassword;

        @Option(names = "--disable", paramLabel = "NAME", description = "Disable an account.")
        String disable;

        @Option(names = "--enable", paramLabel = "NAME", description = "Enable an account.")
        String enable;
    }

    @Option(names = "--role", description = "With --add: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            defaultValue = "VIEWER")
    Role role;

    @Override
    public Integer call() throws Exception {
        return config.withStore(store -> {
            // Sessions live in the engine's memory: a change here ends them when the engine next looks the user up.
            Accounts accounts = new Accounts(store, AuthSettings.defaults(), InstantSource.system());
            // Marked as the command line, so OS user "admin" is not mistaken for dashboard user "admin".
            String by = "cli:" + System.getProperty("user.name", "unknown");
            try {
                if (action.add != null) {
                    accounts.createUser(action.add, readPassword("Password for " + action.add + ": "), role, by, "cli");
                    System.out.println("added " + action.add + " as " + role.id());
                } else if (action.setPassword != null) {
                    accounts.updateUser(action.setPassword, null, readPassword("New password for " + action.setPassword + ": "),
                            null, by, "cli");
                    System.out.println("password of " + action.setPassword + " set");
                } else if (action.disable != null || action.enable != null) {
                    String name = action.disable != null ? action.disable : action.enable;
                    accounts.updateUser(name, null, null, action.disable != null, by, "cli");
                    System.out.println(name + (action.disable != null ? " disabled" : " enabled"));
                } else {
                    System.out.printf("%-24s  %-9s  %-8s  %s%n", "USER", "ROLE", "STATE", "CREATED");
                    for (UserRecord u : accounts.users()) {
                        System.out.printf("%-24s  %-9s  %-8s  %s%n", u.username(), u.role(), u.disabled() ? "disabled" : "active",
                                u.createdAt());
                    }
                }
                return 0;
            } catch (AccountException e) {
                System.err.println("users: " + (e.field() == null ? "" : e.field() + ": ") + e.getMessage());
                return 1;
            }
        });
    }

    private static char[] readPassword(String prompt) throws java.io.IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword(prompt);
            char[] again = console.readPassword("Again: ");
            if (first == null || !java.util.Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            return first;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? new char[0] : line.toCharArray();
    }
}
