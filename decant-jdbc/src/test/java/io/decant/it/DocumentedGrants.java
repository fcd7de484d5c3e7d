package io.decant.it;

import io.decant.jdbc.testing.TestDatabases.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GRANT statements README.md's "Security" section documents, read from the README itself so
 * that a test gives its users exactly what a reader is told to give. The README has one
 * {@code ```sql} block per engine, its first line {@code -- PostgreSQL grants…} or
 * {@code -- MariaDB grants…}, divided by comment lines {@code -- <role> on <database>…}; statements
 * end with {@code ;}. The placeholders ({@code control_db}, {@code decant_app}, …) are replaced by
 * the test's own names.
 */
final class DocumentedGrants {
    /** A documented role, with the user name the README uses for it. */
    enum Role {
        ADMIN("admin", "decant_admin"), OPERATOR("operator", "decant_operator"), APPLICATION("application", "decant_app");

        final String heading;
        final String user;

        Role(String heading, String user) {
            this.heading = heading;
            this.user = user;
        }
    }

    /** Where a group of statements runs, with the database name the README uses for it. */
    enum Place {
        CONTROL("control_db"), LEGACY("legacy_db"), TARGET("target_db");

        final String database;

        Place(String database) {
            this.database = database;
        }
    }

    private static final Pattern SECTION = Pattern.compile("-- (admin|operator|application) on (control_db|legacy_db|target_db)\\b.*");

    private final Map<Engine, Map<String, List<String>>> sections;

    private DocumentedGrants(Map<Engine, Map<String, List<String>>> sections) {
        this.sections = sections;
    }

    /** Reads README.md of the checkout the tests run in (found from the working directory upwards). */
    static DocumentedGrants fromReadme() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("decant-jdbc")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("README.md of the project not found above " + System.getProperty("user.dir"));
        }
        try {
            return parse(Files.readString(dir.resolve("README.md"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DocumentedGrants parse(String readme) {
        Map<Engine, Map<String, List<String>>> out = new EnumMap<>(Engine.class);
        List<String> lines = readme.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```sql") || i + 1 >= lines.size()) {
                continue;
            }
            String first = lines.get(i + 1);
            Engine engine = first.startsWith("-- PostgreSQL grants") ? Engine.POSTGRES
                    : first.startsWith("-- MariaDB grants") ? Engine.MARIADB : null;
            if (engine == null) {
                continue;
            }
            Map<String, List<String>> bySection = new LinkedHashMap<>();
            String section = null;
            StringBuilder statement = new StringBuilder();
            for (int j = i + 2; j < lines.size() && !lines.get(j).strip().equals("```"); j++) {
                String line = lines.get(j).strip();
                Matcher m = SECTION.matcher(line);
                if (m.matches()) {
                    section = m.group(1) + " on " + m.group(2);
                    bySection.put(section, new ArrayList<>());
                } else if (!line.isEmpty() && !line.startsWith("--")) {
                    if (section == null) {
                        throw new IllegalStateException("README.md: a " + engine + " grant before any `-- <role> on <database>` line: " + line);
                    }
                    statement.append(statement.length() == 0 ? "" : " ").append(line);
                    if (line.endsWith(";")) {
                        bySection.get(section).add(statement.substring(0, statement.length() - 1));
                        statement.setLength(0);
                    }
                }
            }
            out.put(engine, bySection);
        }
        if (!out.containsKey(Engine.POSTGRES) || !out.containsKey(Engine.MARIADB)) {
            throw new IllegalStateException("README.md documents no grants for " + (out.containsKey(Engine.POSTGRES) ? "MariaDB" : "PostgreSQL")
                    + " (a ```sql block starting with `-- PostgreSQL grants` / `-- MariaDB grants`)");
        }
        return new DocumentedGrants(out);
    }

    /**
     * The statements documented for {@code role} on {@code place}'s database of {@code engine}, with
     * the README's names replaced: the user by {@code user}, each place's database by its name in
     * {@code databases}.
     */
    List<String> statements(Engine engine, Role role, Place place, String user, Map<Place, String> databases) {
        List<String> documented = sections.get(engine).get(role.heading + " on " + place.database);
        if (documented == null || documented.isEmpty()) {
            throw new IllegalStateException("README.md documents no " + engine + " grants for the " + role.heading + " on "
                    + place.database);
        }
        List<String> out = new ArrayList<>();
        for (String s : documented) {
            String sql = s.replaceAll("\\b" + role.user + "\\b", user);
            for (Map.Entry<Place, String> db : databases.entrySet()) {
                sql = sql.replaceAll("\\b" + db.getKey().database + "\\b", db.getValue());
            }
            out.add(sql);
        }
        return out;
    }
}
