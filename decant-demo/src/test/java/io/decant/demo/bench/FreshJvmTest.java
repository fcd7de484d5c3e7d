package io.decant.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FreshJvmTest {
    /** The launchers' {@code case} pattern of the commands they start with C1 only. */
    private static final Pattern C1_CASE = Pattern.compile("^\\s*([a-z|]+)\\)\\s*jit=.*TieredStopAtLevel=1", Pattern.MULTILINE);

    private static Set<String> c1Commands(String launcher) throws IOException {
        Matcher m = C1_CASE.matcher(Files.readString(Path.of("..").resolve(launcher)));
        assertThat(m.find()).as(launcher + " starts some commands with C1 only").isTrue();
        return Arrays.stream(m.group(1).split("\\|")).collect(Collectors.toSet());
    }

    @Test
    void theFreshJvmStartsWithC1OnlyTheCommandsTheLaunchersDo() throws IOException {
        assertThat(c1Commands("decant")).isEqualTo(FreshJvm.C1_ONLY_COMMANDS);
        assertThat(c1Commands("decant-cli/src/dist/bin/decant")).isEqualTo(FreshJvm.C1_ONLY_COMMANDS);
    }
}
