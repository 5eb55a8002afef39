package io.conduit.files;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The {@code file} destination's settings, validated and with relative paths resolved at load.
 *
 * @param directory         where files are written (absolute)
 * @param fileName          the compiled name template, relative to {@code directory}
 * @param timeZone          the zone {@code {date:…}} and {@code {time:…}} format in
 * @param onExists          what happens when the name is taken
 * @param createDirectories whether missing directories are created on write
 */
record FileDestinationSettings(String directory, FileNameTemplate fileName, ZoneId timeZone, OnExists onExists,
                               boolean createDirectories) {

    /** One file per message, named by its id: unique, sortable by time, and the same on redelivery. */
    static final String DEFAULT_FILE_NAME = "{messageId}.msg";

    /** Reads the destination's own keys and calls {@link ConfigNode#finish()}. */
    static FileDestinationSettings read(ConfigNode node, Path dataDir) throws ConfigException {
        String directory = FileSourceSettings.absolute(dataDir, node.string("directory"));
        String zoneText = node.string("timeZone", "UTC");
        ZoneId zone;
        try {
            zone = zoneText.equals("UTC") ? ZoneOffset.UTC : ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            throw node.error("timeZone", "'" + zoneText + "' is not a time zone; use UTC or a region such as Europe/Berlin");
        }
        String template = node.string("fileName", DEFAULT_FILE_NAME);
        FileNameTemplate fileName;
        try {
            fileName = FileNameTemplate.compile(template, zone);
        } catch (IllegalArgumentException e) {
            throw node.error("fileName", "'" + template + "' " + e.getMessage());
        }
        OnExists onExists = node.choice("onExists", OnExists.class, OnExists.OVERWRITE);
        boolean createDirectories = node.bool("createDirectories", true);
        node.finish();
        return new FileDestinationSettings(directory, fileName, zone, onExists, createDirectories);
    }
}
