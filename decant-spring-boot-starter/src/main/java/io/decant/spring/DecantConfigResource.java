package io.decant.spring;

import io.decant.DecantException;
import io.decant.config.DecantConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import org.springframework.core.env.Environment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Reads the {@code decant.yaml} that {@code decant.config} names: a {@code classpath:} or
 * {@code file:} resource. {@code ${NAME}} references in it are resolved from the Spring
 * environment (properties, then environment variables).
 */
final class DecantConfigResource {
    private static final int MAX_BYTES = 256 * 1024;

    private DecantConfigResource() {
    }

    static DecantConfig load(Environment environment, ResourceLoader loader) {
        String location = environment.getProperty("decant.config");
        if (location == null || location.isBlank()) {
            throw DecantException.badConfig("decant.config is not set; name the decant.yaml, e.g. decant.config=classpath:decant.yaml");
        }
        Resource resource = (loader == null ? new DefaultResourceLoader() : loader).getResource(location.strip());
        if (!resource.exists()) {
            throw DecantException.badConfig("decant.config: " + location + " does not exist");
        }
        byte[] bytes;
        try (InputStream in = resource.getInputStream()) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new DecantException(io.decant.ErrorCode.BAD_CONFIG, "decant.config: cannot read " + location + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw DecantException.badConfig("decant.config: " + location + " is larger than " + MAX_BYTES / 1024 + " KiB; is it decant.yaml?");
        }
        return DecantConfig.parse(new String(bytes, StandardCharsets.UTF_8), location, new Variables(environment));
    }

    /** {@code ${NAME}} lookups in the Spring environment. */
    private static final class Variables extends AbstractMap<String, String> {
        private final Environment environment;

        Variables(Environment environment) {
            this.environment = environment;
        }

        @Override
        public String get(Object key) {
            return key instanceof String name ? environment.getProperty(name) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return Set.of();
        }
    }
}
