package io.agentdeck.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.engine.model.ModelSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsRecordsTest {

    @Test
    void withMethodsReturnChangedCopies() {
        Settings defaults = Settings.defaults();

        Settings changed = defaults.withServer(
                        defaults.server().withHost("::1").withPort(5050).withAuthEnabled(false))
                .withUi(defaults.ui().withTheme("DARK").withWindow(1, 2, 300, 400));

        assertThat(changed.server()).isEqualTo(new ServerSettings("::1", 5050, false));
        assertThat(changed.ui().theme()).isEqualTo(UiSettings.THEME_DARK);
        assertThat(changed.ui().windowWidth()).contains(300.0);
        assertThat(changed.ui().withoutWindow().windowX()).isEmpty();
        assertThat(changed.providerExplicit()).isFalse();
        assertThat(defaults).isEqualTo(Settings.defaults());
    }

    @Test
    void choosingAModelMakesTheProviderExplicit() {
        assertThat(Settings.defaults().withModel(ModelSettings.none()).providerExplicit())
                .isTrue();
    }

    @Test
    void serverSettingsRejectBadValues() {
        assertThatThrownBy(() -> new ServerSettings(" ", 5000, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerSettings.defaults().withPort(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerSettings.defaults().withPort(65536))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uiSettingsRejectBadValues() {
        assertThatThrownBy(() -> UiSettings.defaults().withTheme("purple"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("purple");
        assertThatThrownBy(() -> UiSettings.defaults().withWindow(0, 0, 0, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UiSettings(
                        "light", Optional.of(Double.NaN), Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rateLimitsRejectBadValues() {
        assertThatThrownBy(() -> new RateLimitSetting(0, 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitSetting(200, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitSetting(200, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitSetting(200, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new RateLimitSetting(200, 50).describe()).isEqualTo("200/50");
        assertThat(new RateLimitSetting(5, 0.5).describe()).isEqualTo("5/0.5");
    }

    @Test
    void withApiKeepsTheRestAndTheOtherWithMethodsKeepTheApi() {
        ApiSettings off = ApiSettings.unlimited();
        Settings settings = Settings.defaults().withApi(off);

        assertThat(settings.api().rateLimit()).isEmpty();
        assertThat(settings.withModel(ModelSettings.none())
                        .withServer(ServerSettings.defaults().withPort(5050))
                        .withUi(UiSettings.defaults().withTheme("dark"))
                        .api())
                .isEqualTo(off);
        assertThat(Settings.defaults().api().rateLimit()).contains(RateLimitSetting.DEFAULT);
    }

    @Test
    void parsesPortsStrictly() {
        assertThat(ServerSettings.parsePort(" 80 ")).contains(80);
        assertThat(ServerSettings.parsePort("0")).isEmpty();
        assertThat(ServerSettings.parsePort("8o")).isEmpty();
    }
}
