package io.promptwave.cli;

import picocli.CommandLine;

/** Reports the SDK version from the jar manifest (or "development" when run from classes). */
final class VersionInfo implements CommandLine.IVersionProvider {
    static String version() {
        String version = VersionInfo.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"promptwave " + version(), "Java " + System.getProperty("java.version") + " on "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
