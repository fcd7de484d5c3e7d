package io.decant.spi;

/** Who a library instance is, as it registers. */
public record InstanceInfo(String instanceId, String host, long pid) {
}
