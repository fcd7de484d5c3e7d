package io.decant.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code decant.*}: where the {@code decant.yaml} is, which of the application's DataSources each
 * store uses, and how this instance runs.
 */
@ConfigurationProperties("decant")
public class DecantProperties {
    /** The decant.yaml: a {@code classpath:} or {@code file:} resource (a plain path is a file). */
    private String config;
    /** Per store (by its name in decant.yaml): the DataSource bean it uses. */
    private Map<String, Store> stores = new LinkedHashMap<>();
    /** The id this process registers under (default: a random UUID). */
    private String instanceId;
    /** Runs a repairer in the background for every migration. */
    private boolean backgroundRepair;
    /**
     * Runs {@code decant init} at startup (creates or updates the control tables, registers the
     * migrations): for development and tests; in production the operator runs it with DDL grants.
     */
    private boolean init;

    /** One store's binding. */
    public static class Store {
        /**
         * The name of the DataSource bean the store uses instead of a pool of Decant's, or {@code none}
         * for a pool opened from the store's url. Default: the primary DataSource for a migration's
         * legacy (source) store, none for the others.
         */
        private String dataSource;

        public String getDataSource() {
            return dataSource;
        }

        public void setDataSource(String dataSource) {
            this.dataSource = dataSource;
        }
    }

    public String getConfig() {
        return config;
    }

    public void setConfig(String config) {
        this.config = config;
    }

    public Map<String, Store> getStores() {
        return stores;
    }

    public void setStores(Map<String, Store> stores) {
        this.stores = stores;
    }

    public String getInstanceId() {
        return instanceId;
    }

    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    public boolean isBackgroundRepair() {
        return backgroundRepair;
    }

    public void setBackgroundRepair(boolean backgroundRepair) {
        this.backgroundRepair = backgroundRepair;
    }

    public boolean isInit() {
        return init;
    }

    public void setInit(boolean init) {
        this.init = init;
    }
}
