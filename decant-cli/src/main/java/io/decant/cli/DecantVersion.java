package io.decant.cli;

import picocli.CommandLine;

/** {@code --version}: the version written into the jar's manifest at build time. */
public final class DecantVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = DecantVersion.class.getPackage().getImplementationVersion();
        return new String[] {"decant " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version")};
    }
}
