package io.conduit.server;

import io.conduit.core.config.ConfigException;
import io.conduit.core.runtime.ChannelTests;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code conduit test DIR}: runs the test cases kept next to each channel file through the real
 * channel pipeline, destinations captured instead of sent. Exit code 0 when all pass, 1 when one
 * fails, 2 when the configuration is invalid.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run the test cases next to each channel (channels/NAME.tests/CASE/: input.*, expected/DESTINATION.*, "
                + "expect.yaml) through the channel's filters, transformers and router, without sending anything.",
                "Exit code: 0 all passed, 1 a case failed, 2 invalid configuration."})
final class TestCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--channel", paramLabel = "NAME", description = "Only this channel's cases.")
    Optional<String> channel;

    @Override
    public Integer call() {
        ChannelTests tests;
        try {
            tests = ChannelTests.load(config.open());
        } catch (ConfigException e) {
            System.err.println(e.problems().size() + " problem(s) in " + config.directory + ":");
            e.problems().forEach(p -> System.err.println("  " + p));
            return 2;
        }
        if (channel.isPresent() && !tests.channels().contains(channel.get())) {
            System.err.println("test: no channel '" + channel.get() + "'; channels: " + tests.channels());
            return 2;
        }
        List<ChannelTests.CaseResult> results = tests.run(channel, r -> {
            System.out.println((r.passed() ? "PASS  " : "FAIL  ") + r.channel() + " / " + r.name());
            r.problems().forEach(p -> System.out.println("        " + p));
        });
        long failed = results.stream().filter(r -> !r.passed()).count();
        if (results.isEmpty()) {
            System.out.println("no test cases found: put them in channels/NAME" + ChannelTests.FOLDER_SUFFIX + "/CASE/ next to "
                    + "each channel file (see conduit test --help)");
            return 1;
        }
        System.out.println();
        System.out.println(results.size() + " case(s): " + (results.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}
