package io.decant.jdbc.control;

import io.decant.control.KeyFence;
import io.decant.control.KeyFences;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

/** The key fence of each migration ({@code decant_key_fences}): one row, replaced at each hand-over of key generation. */
final class KeyFenceTable implements KeyFences {
    private final ControlDb db;
    private final ControlSql sql;

    KeyFenceTable(ControlDb db) {
        this.db = db;
        this.sql = db.sql;
    }

    @Override
    public Optional<KeyFence> fence(String migration) {
        return db.autocommit("read the key fence of " + migration, c -> read(c, migration));
    }

    /** The fence within the caller's transaction (an insert naming its key checks it there). */
    Optional<KeyFence> read(Connection c, String migration) throws SQLException {
        return read(c, migration, false);
    }

    private static boolean same(KeyFence a, KeyFence b) {
        return a.boundary() == b.boundary() && a.newAbove() == b.newAbove() && a.belowNext().equals(b.belowNext());
    }

    private Optional<KeyFence> read(Connection c, String migration, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT boundary, new_above, below_next, set_at FROM decant_key_fences"
                + " WHERE migration = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, migration);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long boundary = rs.getLong(1);
                boolean newAbove = rs.getBoolean(2);
                long below = rs.getLong(3);
                OptionalLong belowNext = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(below);
                return Optional.of(new KeyFence(boundary, newAbove, belowNext, sql.instant(rs, 4)));
            }
        }
    }

    @Override
    public void set(String migration, KeyFence fence) {
        db.transaction("record the key fence of " + migration, c -> {
            write(c, migration, fence);
            return null;
        });
    }

    @Override
    public void restore(String migration, KeyFence recorded, Optional<KeyFence> previous) {
        db.transaction("restore the key fence of " + migration, c -> {
            Optional<KeyFence> now = read(c, migration, true);
            if (now.isEmpty() || !same(now.get(), recorded)) {
                return null; // another hand-over recorded its own fence since
            }
            if (previous.isPresent()) {
                write(c, migration, previous.get());
            } else {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM decant_key_fences WHERE migration = ?")) {
                    ps.setString(1, migration);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    private void write(Connection c, String migration, KeyFence f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO decant_key_fences (migration, boundary, new_above, below_next,"
                + " set_at) VALUES (?, ?, ?, ?, " + sql.now() + ")" + sql.onConflictUpdate("decant_key_fences", "migration",
                "boundary = NEW(boundary), new_above = NEW(new_above), below_next = NEW(below_next), set_at = NEW(set_at)"))) {
            ps.setString(1, migration);
            ps.setLong(2, f.boundary());
            ps.setBoolean(3, f.newAbove());
            if (f.belowNext().isPresent()) {
                ps.setLong(4, f.belowNext().getAsLong());
            } else {
                ps.setNull(4, java.sql.Types.BIGINT);
            }
            ps.executeUpdate();
        }
    }
}
