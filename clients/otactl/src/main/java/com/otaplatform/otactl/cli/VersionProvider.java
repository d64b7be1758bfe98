package com.otaplatform.otactl.cli;

import picocli.CommandLine;

/** The version from the jar's manifest. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"otactl " + (version == null ? "development build" : version)};
    }
}
