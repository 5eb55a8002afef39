package io.conduit.files;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.connector.Source;
import io.conduit.core.connector.SourceContext;
import io.conduit.core.connector.SourceFactory;

/**
 * Builds the {@code file} source, which polls a local directory and hands each message of each
 * file to the channel, then moves the file to a processed or error directory.
 *
 * <p>Settings (relative paths resolve against the engine's data directory):
 * <pre>
 * source:
 *   type: file
 *   directory: inbound/lab        # required
 *   glob: "*.hl7"                 # default *; matched against file names only
 *   pollInterval: 1s              # default 1s
 *   stableFor: 1s                 # default 1s; size and mtime unchanged this long = fully written
 *   afterRead: move               # move (default) | delete
 *   processedDirectory: ...       # default &lt;directory&gt;/processed (afterRead: move only)
 *   errorDirectory: ...           # default &lt;directory&gt;/error
 *   split: true                   # default true: the data type splits batch files into messages
 *   maxFileSize: 64MB             # default 64MB; larger files go to the error directory
 *   sortBy: modified              # modified (default, then name) | name
 *   createDirectories: true       # default true
 * </pre>
 * Delivery is at least once: a crash after the messages were stored but before the file was moved
 * reads the file again. Thread-safe and stateless; found with {@link java.util.ServiceLoader}.
 */
public final class FileSourceFactory implements SourceFactory {

    /** The {@code type:} value of this source. */
    public static final String TYPE = "file";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Source create(ConfigNode config, SourceContext context) throws ConfigException {
        return new FileSource(FileSourceSettings.read(config, context.dataDir()), context, new LocalFileStorage());
    }
}
