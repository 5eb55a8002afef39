package io.conduit.server;

import io.conduit.core.config.ConfigException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code conduit validate DIR}: checks every file; exit code 0 when valid, 2 when not. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a config directory without starting anything; every error names file, line and field.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() {
        try {
            List<String> channels = config.open().validate();
            System.out.println("OK: " + channels.size() + " channel(s): " + String.join(", ", channels));
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.problems().size() + " problem(s) in " + config.directory + ":");
            e.problems().forEach(p -> System.err.println("  " + p));
            return 2;
        }
    }
}
