package io.decant.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FreshJvmTest {
    /** A line of the launchers' {@code case} over the command: {@code init|status) jit=(-XX:…) ;;} or {@code jit="-XX:…"}. */
    private static final Pattern JIT_CASE = Pattern.compile("^\\s*([a-z|]+)\\)\\s*jit=[(\"]([^)\"]*)[)\"]", Pattern.MULTILINE);

    private static Map<String, List<String>> jitOptions(String launcher) throws IOException {
        Matcher m = JIT_CASE.matcher(Files.readString(Path.of("..").resolve(launcher)));
        Map<String, List<String>> options = new HashMap<>();
        while (m.find()) {
            for (String command : m.group(1).split("\\|")) {
                options.put(command, List.of(m.group(2).trim().split("\\s+")));
            }
        }
        assertThat(options).as(launcher + " starts some commands with JIT options").isNotEmpty();
        return options;
    }

    @Test
    void theFreshJvmStartsEachCommandWithTheJitOptionsTheLaunchersGiveIt() throws IOException {
        assertThat(jitOptions("decant")).isEqualTo(FreshJvm.JIT_OPTIONS);
        assertThat(jitOptions("decant-cli/src/dist/bin/decant")).isEqualTo(FreshJvm.JIT_OPTIONS);
        assertThat(FreshJvm.JIT_OPTIONS.get("verify")).containsExactly(FreshJvm.C1_ONLY);
        assertThat(FreshJvm.JIT_OPTIONS.get("backfill")).startsWith(FreshJvm.C1_ONLY);
        assertThat(FreshJvm.JIT_OPTIONS).doesNotContainKeys("backup", "restore", "serve", "demo", "bench");
    }
}
