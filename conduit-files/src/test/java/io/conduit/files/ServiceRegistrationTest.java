package io.conduit.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.conduit.core.connector.DestinationFactory;
import io.conduit.core.connector.SourceFactory;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ServiceRegistrationTest {

    @Test
    void serviceLoader_findsTheFileSourceAndDestinationFactories() {
        assertThat(ServiceLoader.load(SourceFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.type().equals("file")))
                .singleElement().isInstanceOf(FileSourceFactory.class);
        assertThat(ServiceLoader.load(DestinationFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.type().equals("file")))
                .singleElement().isInstanceOf(FileDestinationFactory.class);
    }
}
