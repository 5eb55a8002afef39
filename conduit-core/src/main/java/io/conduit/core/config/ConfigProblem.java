package io.conduit.core.config;

/**
 * One mistake in a configuration file.
 *
 * @param file    the file as the user named it (relative to the config directory when possible)
 * @param line    1-based line, or 0 when the mistake has no line (a missing file)
 * @param field   the dotted field path, e.g. {@code destinations[1].retry.maxAttempts}; empty for the whole file
 * @param message what is wrong and what is allowed
 */
public record ConfigProblem(String file, int line, String field, String message) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (!field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(message).toString();
    }
}
