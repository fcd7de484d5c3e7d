package io.decant.control;

/** Who a library instance is, as it registers. */
public record InstanceInfo(String instanceId, String host, long pid) {
}
