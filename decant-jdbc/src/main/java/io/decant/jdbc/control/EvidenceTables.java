package io.decant.jdbc.control;

import io.decant.control.BackfillRecord;
import io.decant.control.EvidenceLog;
import io.decant.control.MismatchSample;
import io.decant.control.ShadowCounts;
import io.decant.control.VerificationRecord;
import io.decant.spi.Key;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The evidence the guards read: shadow counters ({@code decant_shadow_counts}), sampled
 * mismatches ({@code decant_mismatches}), verifications ({@code decant_verifications}) and the
 * current backfill ({@code decant_backfill}).
 */
final class EvidenceTables implements EvidenceLog {
    /** Sampled mismatches kept per migration. */
    static final int MISMATCHES_KEPT = 500;
    /** Longest value text kept in a mismatch sample. */
    private static final int VALUE_MAX = 16_000;

    private static final String VERIFICATION_COLUMNS = "id, migration, phase_version, started_at, finished_at, full_table,"
            + " rows_compared, missing_in_target, extra_in_target, differing, repaired";
    private static final String BACKFILL_COLUMNS = "migration, phase_version, started_at, completed_at, rows_copied,"
            + " rows_estimate, chunks_done, chunks_total";

    private final ControlDb db;
    private final ControlSql sql;

    EvidenceTables(ControlDb db) {
        this.db = db;
        this.sql = db.sql;
    }

    @Override
    public void addShadowCounts(String migration, long phaseVersion, ShadowCounts delta) {
        if (delta.isZero()) {
            return;
        }
        db.autocommit("add shadow counts of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO decant_shadow_counts (migration, phase_version, matched,"
                    + " mismatched, ignored, errored, updated_at) VALUES (?, ?, ?, ?, ?, ?, " + sql.now() + ")"
                    + sql.onConflictUpdate("decant_shadow_counts", "migration, phase_version",
                    "matched = OLD(matched) + NEW(matched), mismatched = OLD(mismatched) + NEW(mismatched),"
                            + " ignored = OLD(ignored) + NEW(ignored), errored = OLD(errored) + NEW(errored),"
                            + " updated_at = NEW(updated_at)"))) {
                ps.setString(1, migration);
                ps.setLong(2, phaseVersion);
                ps.setLong(3, delta.matched());
                ps.setLong(4, delta.mismatched());
                ps.setLong(5, delta.ignored());
                ps.setLong(6, delta.errored());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public ShadowCounts shadowCounts(String migration, long phaseVersion) {
        return db.autocommit("read shadow counts of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT matched, mismatched, ignored, errored FROM decant_shadow_counts"
                    + " WHERE migration = ? AND phase_version = ?")) {
                ps.setString(1, migration);
                ps.setLong(2, phaseVersion);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new ShadowCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)) : ShadowCounts.ZERO;
                }
            }
        });
    }

    /** Stores the sample, then drops the migration's samples beyond the newest {@link #MISMATCHES_KEPT}. */
    @Override
    public void sampleMismatch(MismatchSample sample) {
        String key = JournalTable.keyText(sample.key());
        db.autocommit("sample a mismatch of " + sample.migration(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO decant_mismatches (migration, key_text, phase_version,"
                    + " legacy_value, new_value, at) VALUES (?, ?, ?, ?, ?, " + sql.now() + ")")) {
                ps.setString(1, sample.migration());
                ps.setString(2, key);
                ps.setLong(3, sample.phaseVersion());
                ps.setString(4, cut(sample.legacyValue()));
                ps.setString(5, cut(sample.newValue()));
                ps.executeUpdate();
            }
            Long oldestKept = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM decant_mismatches WHERE migration = ?"
                    + " ORDER BY id DESC LIMIT 1 OFFSET " + (MISMATCHES_KEPT - 1))) {
                ps.setString(1, sample.migration());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        oldestKept = rs.getLong(1);
                    }
                }
            }
            if (oldestKept != null) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM decant_mismatches WHERE migration = ? AND id < ?")) {
                    ps.setString(1, sample.migration());
                    ps.setLong(2, oldestKept);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    private static String cut(String value) {
        return value == null || value.length() <= VALUE_MAX ? value : value.substring(0, VALUE_MAX) + "…";
    }

    @Override
    public List<MismatchSample> mismatchSamples(String migration, int limit) {
        return db.autocommit("read mismatch samples of " + migration, c -> {
            List<MismatchSample> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT migration, key_text, phase_version, legacy_value, new_value, at"
                    + " FROM decant_mismatches WHERE migration = ? ORDER BY id DESC LIMIT ?")) {
                ps.setString(1, migration);
                ps.setInt(2, Math.max(0, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new MismatchSample(rs.getString(1), Key.decode(rs.getString(2)), rs.getLong(3),
                                rs.getString(4), rs.getString(5), sql.instant(rs, 6)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public long recordVerification(VerificationRecord r) {
        return db.autocommit("record a verification of " + r.migration(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO decant_verifications (migration, phase_version, started_at,"
                    + " finished_at, full_table, rows_compared, missing_in_target, extra_in_target, differing, repaired)"
                    + " VALUES (?, ?, COALESCE(?, " + sql.now() + "), ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                ps.setString(1, r.migration());
                ps.setLong(2, r.phaseVersion());
                sql.setInstant(ps, 3, r.startedAt());
                sql.setInstant(ps, 4, r.finishedAt());
                ps.setBoolean(5, r.fullTable());
                ps.setLong(6, r.rowsCompared());
                ps.setLong(7, r.missingInTarget());
                ps.setLong(8, r.extraInTarget());
                ps.setLong(9, r.differing());
                ps.setLong(10, r.repaired());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    @Override
    public Optional<VerificationRecord> latestVerification(String migration) {
        return db.autocommit("read the latest verification of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + VERIFICATION_COLUMNS + " FROM decant_verifications"
                    + " WHERE migration = ? ORDER BY id DESC LIMIT 1")) {
                ps.setString(1, migration);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new VerificationRecord(rs.getLong(1), rs.getString(2), rs.getLong(3), sql.instant(rs, 4),
                            sql.instant(rs, 5), rs.getBoolean(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                            rs.getLong(11)));
                }
            }
        });
    }

    @Override
    public void recordBackfill(BackfillRecord r) {
        db.autocommit("record the backfill of " + r.migration(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO decant_backfill (" + BACKFILL_COLUMNS + ", updated_at)"
                    + " VALUES (?, ?, COALESCE(?, " + sql.now() + "), ?, ?, ?, ?, ?, " + sql.now() + ")"
                    + sql.onConflictUpdate("decant_backfill", "migration",
                    "phase_version = NEW(phase_version), started_at = NEW(started_at), completed_at = NEW(completed_at),"
                            + " rows_copied = NEW(rows_copied), rows_estimate = NEW(rows_estimate),"
                            + " chunks_done = NEW(chunks_done), chunks_total = NEW(chunks_total), updated_at = NEW(updated_at)"))) {
                ps.setString(1, r.migration());
                ps.setLong(2, r.phaseVersion());
                sql.setInstant(ps, 3, r.startedAt());
                sql.setInstant(ps, 4, r.completedAt());
                ps.setLong(5, r.rowsCopied());
                ps.setLong(6, r.rowsEstimate());
                ps.setLong(7, r.chunksDone());
                ps.setLong(8, r.chunksTotal());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<BackfillRecord> latestBackfill(String migration) {
        return db.autocommit("read the backfill of " + migration, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + BACKFILL_COLUMNS + " FROM decant_backfill WHERE migration = ?")) {
                ps.setString(1, migration);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new BackfillRecord(rs.getString(1), rs.getLong(2), sql.instant(rs, 3), sql.instant(rs, 4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
                }
            }
        });
    }
}
