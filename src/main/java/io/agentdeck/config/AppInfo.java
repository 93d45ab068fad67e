package io.agentdeck.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Properties;

/**
 * Name and version of the running build. The version comes from the jar manifest ({@code Implementation-Version},
 * written by the jar plugin); when running from classes (the README's run command, an IDE) it comes from the
 * build-filtered {@code version.properties}; failing both it is {@value #DEV_VERSION}.
 */
public record AppInfo(String name, String version) {

    public static final String NAME = "AgentDeck";
    public static final String DEV_VERSION = "dev";

    public AppInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    public static AppInfo current() {
        String manifestVersion = AppInfo.class.getPackage().getImplementationVersion();
        return fromManifestVersion(manifestVersion != null ? manifestVersion : builtVersion());
    }

    private static String builtVersion() {
        try (InputStream in = AppInfo.class.getResourceAsStream("/io/agentdeck/version.properties")) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            return version == null || version.startsWith("${") ? null : version;
        } catch (IOException e) {
            return null;
        }
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
