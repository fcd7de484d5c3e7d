package io.decant.jdbc.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLWarning;
import org.junit.jupiter.api.Test;

/**
 * Which outcomes of a concatenated part digest make its parts compared row by row: MariaDB's warning
 * 1260 (GROUP_CONCAT cut a row), PostgreSQL's failure to build a text over 1 GB (54000, 53200) —
 * and nothing else (ConcatDigestIT sees MariaDB's warning on a real server).
 */
class ConcatCutShortTest {

    @Test
    void mariadbTakesOnlyTheGroupConcatWarning() {
        MariaDbHashSql sql = new MariaDbHashSql();
        SQLWarning other = new SQLWarning("Truncated incorrect DOUBLE value", "01000", 1292);
        SQLWarning cut = new SQLWarning("Row 3 was cut by GROUP_CONCAT()", "01000", 1260);
        assertThat(sql.concatCutShort(null, null)).isFalse();
        assertThat(sql.concatCutShort(other, null)).isFalse();
        other.setNextWarning(cut);
        assertThat(sql.concatCutShort(other, null)).isTrue();
        assertThat(sql.concatSessionSql()).isEqualTo("SET SESSION group_concat_max_len = 4294967295");
        assertThat(new MariaDbHashSql(300).concatSessionSql()).endsWith("= 300");
    }

    @Test
    void postgresqlTakesOnlyATextTooLongToBuild() {
        PostgresHashSql sql = new PostgresHashSql();
        assertThat(sql.concatCutShort(null, new SQLException("out of memory: Cannot enlarge string buffer", "54000"))).isTrue();
        assertThat(sql.concatCutShort(null, new SQLException("out of memory", "53200"))).isTrue();
        assertThat(sql.concatCutShort(null, new SQLException("canceling statement due to statement timeout", "57014"))).isFalse();
        assertThat(sql.concatCutShort(new SQLWarning("x", "01000", 1260), null)).isFalse();
        assertThat(sql.concatSessionSql()).isNull();
    }
}
