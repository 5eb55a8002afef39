package io.conduit.server;

import io.conduit.core.runtime.Plugins;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** {@code conduit --version}: the version, the Java runtime and the plugins found. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        List<String> lines = new ArrayList<>();
        lines.add("conduit " + (version == null ? "development build" : version));
        lines.add("java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        lines.addAll(Plugins.discover().describe());
        return lines.toArray(String[]::new);
    }
}
