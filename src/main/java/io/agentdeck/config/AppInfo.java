package io.agentdeck.config;

import java.util.Objects;

/**
 * Name and version of the running build. The version comes from the jar manifest ({@code Implementation-Version},
 * written by the jar plugin); when running from classes (IDE, {@code mvn exec:java}) there is no manifest and the
 * version is {@value #DEV_VERSION}.
 */
public record AppInfo(String name, String version) {

    public static final String NAME = "AgentDeck";
    public static final String DEV_VERSION = "dev";

    public AppInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    public static AppInfo current() {
        return fromManifestVersion(AppInfo.class.getPackage().getImplementationVersion());
    }

    /** @param manifestVersion the manifest's value, or null when there is none */
    static AppInfo fromManifestVersion(String manifestVersion) {
        boolean missing = manifestVersion == null || manifestVersion.isBlank();
        return new AppInfo(NAME, missing ? DEV_VERSION : manifestVersion.strip());
    }

    /** For {@code --version} and the about box, e.g. {@code AgentDeck 0.1.0}. */
    public String displayName() {
        return name + " " + version;
    }
}
