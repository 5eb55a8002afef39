package io.conduit.core.pipeline;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.datatype.DataType;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code type: path} filter: keeps a message when the value at {@code path} (or the metadata
 * field {@code metadata}) satisfies exactly one of {@code equals}, {@code in}, {@code matches}
 * (a regular expression over the whole value) or {@code exists}; {@code negate: true} inverts it.
 */
public final class PathFilterFactory implements StepFactory {

    @Override
    public String type() {
        return "path";
    }

    @Override
    public Filter filter(ConfigNode config, DataType dataType) throws ConfigException {
        Optional<String> path = config.optString("path");
        Optional<String> metadataKey = config.optString("metadata");
        if (path.isPresent() == metadataKey.isPresent()) {
            throw config.error("give exactly one of 'path' (a message path such as MSH-9.1) or 'metadata' (a field such as messageType)");
        }
        Optional<String> equals = config.optString("equals");
        List<String> in = config.strings("in");
        Optional<String> matches = config.optString("matches");
        Optional<String> exists = config.optString("exists");
        boolean negate = config.bool("negate", false);
        int conditions = (equals.isPresent() ? 1 : 0) + (in.isEmpty() ? 0 : 1) + (matches.isPresent() ? 1 : 0)
                + (exists.isPresent() ? 1 : 0);
        if (conditions != 1) {
            throw config.error("give exactly one condition: equals, in, matches or exists");
        }
        boolean mustExist = config.bool("exists", true);
        Pattern pattern = null;
        if (matches.isPresent()) {
            try {
                pattern = Pattern.compile(matches.get());
            } catch (PatternSyntaxException e) {
                throw config.error("matches", "is not a valid regular expression: " + e.getDescription());
            }
        }
        config.finish();
        String subject = path.orElseGet(() -> "metadata." + metadataKey.orElseThrow());
        String condition = equals.map(v -> "equals '" + v + "'")
                .or(() -> in.isEmpty() ? Optional.empty() : Optional.of("in " + in))
                .or(() -> matches.map(m -> "matches '" + m + "'"))
                .orElse(mustExist ? "exists" : "does not exist");
        String rule = (config.field().isEmpty() ? "filter" : config.field()) + ": " + subject
                + (negate ? " not " : " ") + condition;
        Pattern compiled = pattern;
        return message -> {
            Optional<String> value;
            try {
                value = path.isPresent() ? message.get(path.get()) : message.metadata().get(metadataKey.orElseThrow());
            } catch (IllegalArgumentException e) {
                throw new StepException(rule + ": " + e.getMessage());
            }
            boolean holds;
            if (equals.isPresent()) {
                holds = value.map(equals.get()::equals).orElse(false);
            } else if (!in.isEmpty()) {
                holds = value.map(in::contains).orElse(false);
            } else if (compiled != null) {
                holds = value.map(v -> compiled.matcher(v).matches()).orElse(false);
            } else {
                holds = value.isPresent() == mustExist;
            }
            return holds != negate ? Optional.empty() : Optional.of(rule);
        };
    }
}
