package io.conduit.core.runtime;

import io.conduit.core.config.ConfigException;
import io.conduit.core.config.ConfigNode;
import io.conduit.core.connector.DestinationFactory;
import io.conduit.core.connector.SourceFactory;
import io.conduit.core.datatype.DataTypeFactory;
import io.conduit.core.pipeline.StepFactory;
import io.conduit.core.store.StoreFactory;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The data types, connectors, steps and stores found on the class path with
 * {@link ServiceLoader}, by the {@code type:} name configuration uses. Immutable once built.
 */
public final class Plugins {

    private final Map<String, DataTypeFactory> dataTypes;
    private final Map<String, SourceFactory> sources;
    private final Map<String, DestinationFactory> destinations;
    private final Map<String, StepFactory> steps;
    private final Map<String, StoreFactory> stores;

    private Plugins(ClassLoader loader) {
        dataTypes = index(ServiceLoader.load(DataTypeFactory.class, loader), DataTypeFactory::type);
        sources = index(ServiceLoader.load(SourceFactory.class, loader), SourceFactory::type);
        destinations = index(ServiceLoader.load(DestinationFactory.class, loader), DestinationFactory::type);
        steps = index(ServiceLoader.load(StepFactory.class, loader), StepFactory::type);
        stores = index(ServiceLoader.load(StoreFactory.class, loader), StoreFactory::type);
    }

    /** Everything on the class path of this class. */
    public static Plugins discover() {
        return new Plugins(Plugins.class.getClassLoader());
    }

    private static <T> Map<String, T> index(ServiceLoader<T> loader, Function<T, String> name) {
        Map<String, T> map = new TreeMap<>();
        for (T plugin : loader) {
            T previous = map.putIfAbsent(name.apply(plugin), plugin);
            if (previous != null) {
                throw new IllegalStateException("two plugins claim the type '" + name.apply(plugin) + "': "
                        + previous.getClass().getName() + " and " + plugin.getClass().getName());
            }
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** The data type factory registered under {@code type}, if any (for tools outside a channel). */
    public java.util.Optional<DataTypeFactory> dataTypeFactory(String type) {
        return java.util.Optional.ofNullable(dataTypes.get(type));
    }

    DataTypeFactory dataType(ConfigNode node, String key, String type) throws ConfigException {
        return lookup(dataTypes, node, key, type, "data type");
    }

    SourceFactory source(ConfigNode node, String type) throws ConfigException {
        return lookup(sources, node, "type", type, "source type");
    }

    DestinationFactory destination(ConfigNode node, String type) throws ConfigException {
        return lookup(destinations, node, "type", type, "destination type");
    }

    StepFactory step(ConfigNode node, String type) throws ConfigException {
        return lookup(steps, node, "type", type, "step type");
    }

    StoreFactory store(ConfigNode node, String type) throws ConfigException {
        return lookup(stores, node, "type", type, "store type");
    }

    /** The names of every plugin kind, for {@code conduit --version} and diagnostics. */
    public List<String> describe() {
        return List.of("data types: " + dataTypes.keySet(), "sources: " + sources.keySet(),
                "destinations: " + destinations.keySet(), "steps: " + steps.keySet(), "stores: " + stores.keySet());
    }

    private static <T> T lookup(Map<String, T> map, ConfigNode node, String key, String type, String what)
            throws ConfigException {
        T plugin = map.get(type);
        if (plugin == null) {
            throw node.error(key, "unknown " + what + " '" + type + "'; available: " + String.join(", ", map.keySet()));
        }
        return plugin;
    }
}
