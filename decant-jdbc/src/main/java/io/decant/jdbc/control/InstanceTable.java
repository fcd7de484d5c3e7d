package io.decant.jdbc.control;

import io.decant.Phase;
import io.decant.control.InstanceAck;
import io.decant.control.InstanceInfo;
import io.decant.control.InstanceRegistry;
import io.decant.control.InstanceStatus;
import io.decant.control.LeaseFence;
import io.decant.control.LeaseGrant;
import io.decant.control.MigrationState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The instance registry ({@code decant_instances}): one row per instance and migration. */
final class InstanceTable implements InstanceRegistry {
    /** When a row's lease was last renewed (a row that never polled counts from its first heartbeat). */
    static final String LEASE_AT = "COALESCE(lease_at, heartbeat_at)";

    private final ControlDb db;
    private final PhaseTable phases;
    private final ControlSql sql;

    InstanceTable(ControlDb db, PhaseTable phases) {
        this.phases = phases;
        this.db = db;
        this.sql = db.sql;
    }

    /** Refreshes every row of the instance, then records each acknowledgement (creating rows as needed). */
    @Override
    public void heartbeat(InstanceInfo instance, Collection<InstanceAck> acks) {
        db.transaction("heartbeat of instance " + instance.instanceId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_instances SET heartbeat_at = " + sql.now()
                    + ", host = ?, pid = ? WHERE instance_id = ?")) {
                ps.setString(1, instance.host());
                ps.setLong(2, instance.pid());
                ps.setString(3, instance.instanceId());
                ps.executeUpdate();
            }
            if (!acks.isEmpty()) {
                // a new row's lease starts now: the control store counts the instance live from its first
                // heartbeat (erring towards waiting for it), while the instance trusts only its own polls
                String upsert = "INSERT INTO decant_instances (instance_id, migration, host, pid, started_at, heartbeat_at,"
                        + " acked_version, acked_phase, lease_at) VALUES (?, ?, ?, ?, " + sql.now() + ", " + sql.now() + ", ?, ?, "
                        + sql.now() + ")"
                        + sql.onConflictUpdate("decant_instances", "instance_id, migration",
                        "host = NEW(host), pid = NEW(pid), heartbeat_at = NEW(heartbeat_at),"
                                + " acked_version = NEW(acked_version), acked_phase = NEW(acked_phase)");
                try (PreparedStatement ps = c.prepareStatement(upsert)) {
                    // one row per migration (the last ack wins), in a fixed order so concurrent heartbeats lock alike
                    Map<String, InstanceAck> byMigration = new TreeMap<>();
                    acks.forEach(a -> byMigration.put(a.migration(), a));
                    for (InstanceAck ack : byMigration.values()) {
                        ps.setString(1, instance.instanceId());
                        ps.setString(2, ack.migration());
                        ps.setString(3, instance.host());
                        ps.setLong(4, instance.pid());
                        ps.setLong(5, ack.version());
                        ps.setString(6, ack.phase() == null ? null : ack.phase().name());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return null;
        });
    }

    /**
     * Renews the lease of every row of the instance for {@code migrations} and reads their states and
     * lease tokens, in one transaction. A row whose lease lapsed (by {@code deadAfter}), was revoked or
     * never had a token takes {@code proposedToken}. The token is assigned before {@code lease_at} in the
     * statement: MariaDB evaluates assignments left to right, PostgreSQL from the old row.
     */
    @Override
    public Optional<LeaseGrant> renewLease(String instanceId, Collection<String> migrations, Duration deadAfter,
                                    long proposedToken) {
        if (migrations.isEmpty()) {
            return Optional.of(new LeaseGrant(List.of(), Map.of()));
        }
        Set<String> wanted = new TreeSet<>(migrations);
        return db.transaction("renew the lease of instance " + instanceId, c -> {
            String marks = String.join(", ", java.util.Collections.nCopies(wanted.size(), "?"));
            int renewed;
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_instances SET lease_token = CASE WHEN lease_token IS NULL"
                    + " OR " + LEASE_AT + " < " + sql.nowMinusMicros() + " THEN ? ELSE lease_token END, lease_at = " + sql.now()
                    + " WHERE instance_id = ? AND migration IN (" + marks + ")")) {
                int i = 1;
                ps.setLong(i++, ControlSql.micros(deadAfter));
                ps.setLong(i++, proposedToken);
                ps.setString(i++, instanceId);
                for (String m : wanted) {
                    ps.setString(i++, m);
                }
                renewed = ps.executeUpdate();
            }
            if (renewed < wanted.size()) {
                c.rollback();
                return Optional.<LeaseGrant>empty();
            }
            Map<String, Long> tokens = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT migration, lease_token FROM decant_instances"
                    + " WHERE instance_id = ? AND migration IN (" + marks + ")")) {
                int i = 1;
                ps.setString(i++, instanceId);
                for (String m : wanted) {
                    ps.setString(i++, m);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tokens.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            List<MigrationState> states = new ArrayList<>();
            for (String m : wanted) {
                phases.state(c, m).ifPresent(states::add);
            }
            return Optional.of(new LeaseGrant(states, tokens));
        });
    }

    /**
     * Within the caller's transaction: whether the instance's lease for the migration is unbroken since
     * the fence's token was granted — its row, share-locked (a renewal or a sweeper's revocation waits
     * for the caller's transaction, or it for them), holds the token and was renewed within dead-after.
     */
    boolean leaseUnbroken(Connection c, String migration, LeaseFence fence) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT lease_token FROM decant_instances WHERE instance_id = ?"
                + " AND migration = ? AND " + LEASE_AT + " >= " + sql.nowMinusMicros() + " " + sql.forShare())) {
            ps.setString(1, fence.instanceId());
            ps.setString(2, migration);
            ps.setLong(3, ControlSql.micros(fence.deadAfter()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) == fence.token() && !rs.wasNull();
            }
        }
    }

    /**
     * Within the caller's transaction: revokes the leases of the listed instances of the migration that
     * are gone (renewed longer than {@code deadAfter} ago), so a call of theirs that wakes up later
     * cannot journal under them; a renewal in progress is waited for (row locks) and then counts.
     */
    void revokeGone(Connection c, String migration, Collection<String> instanceIds, Duration deadAfter) throws SQLException {
        if (instanceIds.isEmpty()) {
            return;
        }
        Set<String> sorted = new TreeSet<>(instanceIds);
        String marks = String.join(", ", java.util.Collections.nCopies(sorted.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("UPDATE decant_instances SET lease_token = NULL WHERE migration = ?"
                + " AND instance_id IN (" + marks + ") AND " + LEASE_AT + " < " + sql.nowMinusMicros())) {
            int i = 1;
            ps.setString(i++, migration);
            for (String id : sorted) {
                ps.setString(i++, id);
            }
            ps.setLong(i, ControlSql.micros(deadAfter));
            ps.executeUpdate();
        }
    }

    @Override
    public void deregister(String instanceId) {
        db.autocommit("deregister instance " + instanceId, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM decant_instances WHERE instance_id = ?")) {
                ps.setString(1, instanceId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<InstanceStatus> list(String migration) {
        return db.autocommit("list instances of " + migration, c -> {
            List<InstanceStatus> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT instance_id, migration, host, pid, started_at, heartbeat_at, "
                    + sql.microsSince("heartbeat_at") + ", acked_version, acked_phase, " + sql.microsSince("COALESCE(lease_at, heartbeat_at)")
                    + " FROM decant_instances"
                    + " WHERE migration = ? ORDER BY instance_id")) {
                ps.setString(1, migration);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String phase = rs.getString(9);
                        out.add(new InstanceStatus(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                sql.instant(rs, 5), sql.instant(rs, 6), Duration.ofNanos(Math.max(0, rs.getLong(7)) * 1000),
                                rs.getLong(8), phase == null ? null : Phase.valueOf(phase),
                                Duration.ofNanos(Math.max(0, rs.getLong(10)) * 1000)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public int forget(Duration olderThan) {
        return db.autocommit("forget dead instances", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM decant_instances WHERE COALESCE(lease_at, heartbeat_at) < " + sql.nowMinusMicros())) {
                ps.setLong(1, ControlSql.micros(olderThan));
                return ps.executeUpdate();
            }
        });
    }
}
