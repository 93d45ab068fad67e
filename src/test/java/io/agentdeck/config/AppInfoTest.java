package io.agentdeck.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppInfoTest {

    @Test
    void usesManifestVersion() {
        assertThat(AppInfo.fromManifestVersion("1.2.3")).isEqualTo(new AppInfo("AgentDeck", "1.2.3"));
    }

    @Test
    void fallsBackToDevWithoutManifest() {
        assertThat(AppInfo.fromManifestVersion(null).version()).isEqualTo("dev");
        assertThat(AppInfo.fromManifestVersion(" ").version()).isEqualTo("dev");
    }

    @Test
    void currentBuildFromClassesReadsTheBuildFilteredVersion() {
        // Tests run from target/classes, which has no manifest but the filtered version.properties.
        assertThat(AppInfo.current().version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(AppInfo.current().displayName()).startsWith("AgentDeck ");
    }
}
