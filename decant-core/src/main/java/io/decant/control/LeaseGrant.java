package io.decant.control;

import java.util.List;
import java.util.Map;

/**
 * A renewed lease ({@link InstanceRegistry#renewLease}): the phases read in the same transaction, and per
 * migration the token of the instance's unbroken lease. The token stays the same across renewals
 * that come in time and changes when a renewal finds the lease lapsed (or revoked by a sweeper).
 */
public record LeaseGrant(List<MigrationState> states, Map<String, Long> tokens) {
    public LeaseGrant {
        states = List.copyOf(states);
        tokens = Map.copyOf(tokens);
    }
}
