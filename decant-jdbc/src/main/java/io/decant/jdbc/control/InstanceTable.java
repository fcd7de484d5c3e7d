package io.decant.jdbc.control;

import io.decant.Phase;
import io.decant.spi.InstanceAck;
import io.decant.spi.InstanceInfo;
import io.decant.spi.InstanceStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The instance registry ({@code decant_instances}): one row per instance and migration. */
final class InstanceTable {
    private final ControlDb db;
    private final ControlSql sql;

    InstanceTable(ControlDb db) {
        this.db = db;
        this.sql = db.sql;
    }

    /** Refreshes every row of the instance, then records each acknowledgement (creating rows as needed). */
    void heartbeat(InstanceInfo instance, Collection<InstanceAck> acks) {
        db.transaction("heartbeat of instance " + instance.instanceId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE decant_instances SET heartbeat_at = " + sql.now()
                    + ", host = ?, pid = ? WHERE instance_id = ?")) {
                ps.setString(1, instance.host());
                ps.setLong(2, instance.pid());
                ps.setString(3, instance.instanceId());
                ps.executeUpdate();
            }
            if (!acks.isEmpty()) {
                String upsert = "INSERT INTO decant_instances (instance_id, migration, host, pid, started_at, heartbeat_at,"
                        + " acked_version, acked_phase) VALUES (?, ?, ?, ?, " + sql.now() + ", " + sql.now() + ", ?, ?)"
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

    void deregister(String instanceId) {
        db.autocommit("deregister instance " + instanceId, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM decant_instances WHERE instance_id = ?")) {
                ps.setString(1, instanceId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    List<InstanceStatus> instances(String migration) {
        return db.autocommit("list instances of " + migration, c -> {
            List<InstanceStatus> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT instance_id, migration, host, pid, started_at, heartbeat_at, "
                    + sql.microsSince("heartbeat_at") + ", acked_version, acked_phase FROM decant_instances"
                    + " WHERE migration = ? ORDER BY instance_id")) {
                ps.setString(1, migration);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String phase = rs.getString(9);
                        out.add(new InstanceStatus(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                sql.instant(rs, 5), sql.instant(rs, 6), Duration.ofNanos(Math.max(0, rs.getLong(7)) * 1000),
                                rs.getLong(8), phase == null ? null : Phase.valueOf(phase)));
                    }
                }
            }
            return out;
        });
    }

    int forget(Duration olderThan) {
        return db.autocommit("forget dead instances", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM decant_instances WHERE heartbeat_at < " + sql.nowMinusMicros())) {
                ps.setLong(1, ControlSql.micros(olderThan));
                return ps.executeUpdate();
            }
        });
    }
}
