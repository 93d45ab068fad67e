package io.agentdeck.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Desktop preferences. Window geometry is optional because on first start the window system should place and size
 * the window; coordinates are doubles to match JavaFX's {@code Stage} without conversions.
 */
public record UiSettings(
        String theme,
        Optional<Double> windowX,
        Optional<Double> windowY,
        Optional<Double> windowWidth,
        Optional<Double> windowHeight) {

    public static final String THEME_LIGHT = "light";
    public static final String THEME_DARK = "dark";
    public static final Set<String> THEMES = Set.of(THEME_LIGHT, THEME_DARK);

    public UiSettings {
        Objects.requireNonNull(theme, "theme");
        Objects.requireNonNull(windowX, "windowX");
        Objects.requireNonNull(windowY, "windowY");
        Objects.requireNonNull(windowWidth, "windowWidth");
        Objects.requireNonNull(windowHeight, "windowHeight");
        theme = theme.strip().toLowerCase(Locale.ROOT);
        if (!THEMES.contains(theme)) {
            throw new IllegalArgumentException("theme must be 'light' or 'dark', got '%s'".formatted(theme));
        }
        requireFinite("windowX", windowX);
        requireFinite("windowY", windowY);
        requirePositive("windowWidth", windowWidth);
        requirePositive("windowHeight", windowHeight);
    }

    public static UiSettings defaults() {
        return new UiSettings(THEME_LIGHT, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public UiSettings withTheme(String newTheme) {
        return new UiSettings(newTheme, windowX, windowY, windowWidth, windowHeight);
    }

    public UiSettings withWindow(double x, double y, double width, double height) {
        return new UiSettings(theme, Optional.of(x), Optional.of(y), Optional.of(width), Optional.of(height));
    }

    /** Forget the geometry, e.g. when the saved position is on a monitor that is no longer attached. */
    public UiSettings withoutWindow() {
        return new UiSettings(theme, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static void requireFinite(String name, Optional<Double> value) {
        if (value.isPresent() && !Double.isFinite(value.get())) {
            throw new IllegalArgumentException(name + " must be a finite number");
        }
    }

    private static void requirePositive(String name, Optional<Double> value) {
        if (value.isPresent() && !(value.get() > 0 && Double.isFinite(value.get()))) {
            throw new IllegalArgumentException(name + " must be a positive number");
        }
    }
}
