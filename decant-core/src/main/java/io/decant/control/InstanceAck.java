package io.decant.control;

import io.decant.Phase;

/** What an instance reports in a heartbeat for one migration: the phase version it acts on. */
public record InstanceAck(String migration, long version, Phase phase) {
}
