package io.decant.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {
    @Test
    void aLoopbackBindAcceptsItsAddressAndLocalhostWithAnyPort() {
        AllowedHosts hosts = AllowedHosts.forBind("127.0.0.1", List.of());

        assertThat(hosts.accepts("127.0.0.1:8080")).isTrue();
        assertThat(hosts.accepts("localhost:8080")).isTrue();
        assertThat(hosts.accepts("LOCALHOST")).isTrue();
        assertThat(hosts.accepts("[::1]:8080")).isTrue();
    }

    @Test
    void anyOtherNameIsRefused() {
        AllowedHosts hosts = AllowedHosts.forBind("127.0.0.1", List.of());

        assertThat(hosts.accepts("attacker.example:8080")).isFalse();
        assertThat(hosts.accepts("127.0.0.1.attacker.example")).isFalse();
        assertThat(hosts.accepts("")).isFalse();
        assertThat(hosts.accepts(null)).isFalse();
    }

    @Test
    void namesGivenWithAllowHostAreAccepted() {
        AllowedHosts hosts = AllowedHosts.forBind("127.0.0.1", List.of("decant.internal.example"));

        assertThat(hosts.accepts("decant.internal.example:443")).isTrue();
        assertThat(hosts.accepts("Decant.Internal.Example.")).isTrue();
    }
}
