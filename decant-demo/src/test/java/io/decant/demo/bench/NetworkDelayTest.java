package io.decant.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decant.DecantException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetworkDelayTest {

    @Test
    void aDelayIsWrittenInMillisecondsOrMicroseconds() {
        assertThat(NetworkDelay.parse("1ms")).isEqualTo(Duration.ofMillis(1));
        assertThat(NetworkDelay.parse("500us")).isEqualTo(Duration.ofNanos(500_000));
    }

    @Test
    void aDelayWithoutAUnitOrAboveASecondIsRefused() {
        assertThatThrownBy(() -> NetworkDelay.parse("1")).isInstanceOf(DecantException.class).hasMessageContaining("write it like 1ms");
        assertThatThrownBy(() -> NetworkDelay.parse("2000ms")).isInstanceOf(DecantException.class).hasMessageContaining("out of range");
    }

    @Test
    void aLocalServersUrlIsRoutedWithItsDatabaseAndParametersKept() {
        String url = "jdbc:postgresql://127.0.0.1:5432/decant_bench_dwl?user=postgres";

        assertThat(NetworkDelay.port(url)).isEqualTo(5432);
        assertThat(NetworkDelay.rewrite(url, "10.213.7.2", 5432)).isEqualTo("jdbc:postgresql://10.213.7.2:5432/decant_bench_dwl?user=postgres");
        assertThat(NetworkDelay.port("jdbc:mariadb://localhost/?user=root")).isEqualTo(3306);
    }

    @Test
    void aRemoteServerIsNotRouted() {
        assertThatThrownBy(() -> NetworkDelay.port("jdbc:postgresql://db.example:5432/x"))
                .isInstanceOf(DecantException.class).hasMessageContaining("routes only servers on this machine");
    }
}
