package io.conduit.server;

import io.conduit.core.audit.AuditChain;
import io.conduit.core.audit.AuditEntry;
import io.conduit.core.store.MessageStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code conduit audit DIR}: lists the audit log, checks its hash chain ({@code --verify}: exit 1
 * naming the first entry that was changed or deleted), or exports it as JSON lines.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Show the audit log (who resent, redeployed or viewed message content), verify its hash chain, "
                + "or export it as JSON lines.", "Exit code with --verify: 0 intact, 1 tampered."})
final class AuditCommand implements Callable<Integer> {

    private static final int PAGE = 1000;

    @Mixin
    ConfigOptions config;

    @Option(names = "--verify", description = "Check every entry against the hash chain.")
    boolean verify;

    @Option(names = "--export", paramLabel = "FILE", description = "Write every entry as JSON lines to FILE ('-' for standard output).")
    String export;

    @Option(names = "--after", paramLabel = "SEQ", defaultValue = "0", description = "List entries after this sequence number.")
    long after;

    @Option(names = "--limit", defaultValue = "100", description = "List at most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() throws Exception {
        return config.withStore(store -> {
            if (verify) {
                return verify(store);
            }
            if (export != null) {
                return export(store);
            }
            List<AuditEntry> entries = store.audit(after, Math.min(limit, PAGE));
            System.out.printf("%-6s  %-24s  %-16s  %-8s  %-16s  %-16s  %s%n", "SEQ", "AT", "ACTOR", "FROM", "ACTION", "CHANNEL",
                    "MESSAGES / DETAIL");
            for (AuditEntry e : entries) {
                System.out.printf("%-6d  %-24s  %-16s  %-8s  %-16s  %-16s  %s%s%n", e.seq(), e.at(), e.event().actor(),
                        e.event().address(), e.event().action(), e.event().channel(),
                        e.event().messageIds().isEmpty() ? "" : e.event().messageIds() + " ", e.event().detail());
            }
            return 0;
        });
    }

    /** Feeds every entry, oldest first, to {@code visitor} until it returns false; returns false when it stopped early. */
    private static boolean forEachEntry(MessageStore store, java.util.function.Predicate<AuditEntry> visitor) throws Exception {
        long afterSeq = 0;
        while (true) {
            List<AuditEntry> page = store.audit(afterSeq, PAGE);
            for (AuditEntry e : page) {
                if (!visitor.test(e)) {
                    return false;
                }
            }
            if (page.size() < PAGE) {
                return true;
            }
            afterSeq = page.getLast().seq();
        }
    }

    private static int verify(MessageStore store) throws Exception {
        AuditChain.Verifier verifier = new AuditChain.Verifier();
        if (!forEachEntry(store, verifier::next)) {
            System.out.println("TAMPERED: " + verifier.problem().orElseThrow());
            return 1;
        }
        System.out.println("OK: " + verifier.checked() + " entries, hash chain intact");
        return 0;
    }

    private int export(MessageStore store) throws Exception {
        try (PrintStream out = export.equals("-") ? new PrintStream(System.out, true, StandardCharsets.UTF_8)
                : new PrintStream(Files.newOutputStream(Path.of(export)), false, StandardCharsets.UTF_8)) {
            long[] written = {0};
            forEachEntry(store, e -> {
                out.println(e.toJsonLine());
                written[0]++;
                return true;
            });
            if (!export.equals("-")) {
                System.out.println("exported " + written[0] + " entries to " + export);
            }
        } catch (IOException e) {
            System.err.println("audit: cannot write " + export + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
