package io.conduit.core.steps;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.pipeline.LookupTables;
import io.conduit.core.pipeline.StepContext;
import io.conduit.core.pipeline.StepException;
import io.conduit.core.pipeline.StepFactory;
import io.conduit.core.pipeline.Transformer;
import java.util.Map;
import java.util.Optional;

/**
 * {@code {type: map, path: PID-8, table: sex-codes}} or with inline {@code values: {M: male}}:
 * replaces a value by what it maps to. A value the table lacks is kept ({@code ifMissing: keep},
 * the default), replaced by {@code default}, or fails the message ({@code ifMissing: fail}).
 */
public final class MapStep implements StepFactory {

    private enum IfMissing { KEEP, DEFAULT, FAIL }

    @Override
    public String type() {
        return "map";
    }

    @Override
    public Transformer transformer(ConfigNode config, StepContext context) throws ConfigException {
        StepPath path = StepPath.read(config, "path", context);
        Optional<String> table = config.optString("table");
        Map<String, String> values = config.stringMap("values");
        if (table.isPresent() == !values.isEmpty()) {
            throw config.error("give exactly one of 'table' (a file under lookups/) or 'values' (an inline mapping)");
        }
        LookupTables lookups = context.lookups();
        if (table.isPresent() && !lookups.names().contains(table.get())) {
            throw config.error("table", "there is no lookup table '" + table.get() + "' (files under lookups/ give: "
                    + lookups.names() + ")");
        }
        Optional<String> fallback = config.optString("default");
        IfMissing ifMissing = config.choice("ifMissing", IfMissing.class, fallback.isPresent() ? IfMissing.DEFAULT : IfMissing.KEEP);
        if (ifMissing == IfMissing.DEFAULT && fallback.isEmpty()) {
            throw config.error("default", "is required when ifMissing is default");
        }
        config.finish();
        String label = "map " + path + table.map(t -> " via table " + t).orElse("");
        return new ValueStep(path, value -> {
            Optional<String> mapped = table.isPresent() ? lookups.lookup(table.get(), value) : Optional.ofNullable(values.get(value));
            if (mapped.isPresent()) {
                return mapped.get();
            }
            return switch (ifMissing) {
                case KEEP -> null;
                case DEFAULT -> fallback.orElseThrow();
                case FAIL -> throw new StepException(label + ": the value has no entry in the table");
            };
        });
    }
}
