package io.agentdeck.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts the real application for a test class, as Javalin's {@code JavalinTest} and Helidon's {@code @ServerTest}
 * do: a {@link TestApp} on an H2 file in its own temp directory, its model a {@link FakeOpenAiServer}, its API on a
 * free loopback port with authentication on. Test and lifecycle methods declare what they need as parameters:
 * {@link TestApp}, {@link FakeOpenAiServer}, {@link HttpJson} (sends the token), {@link io.agentdeck.engine.Engine} or
 * {@link InlineShell} (the window's ViewModels started over the app, one a test); {@link FromApp} fields get the same.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestAppExtension.class)
public @interface AppTest {
    /** Whether {@code POST /api/init} has run (core agents seeded) before the test starts, as the seed's clients do. */
    boolean initialized() default true;

    /**
     * Whether the API counts requests against the default rate limit (burst 200, then 50 a second); off for tests that
     * send thousands on purpose.
     */
    boolean rateLimited() default true;

    /** Whether the local API runs; engine tests leave it off, and then no {@link HttpJson} can be asked for. */
    boolean api() default true;

    /**
     * One app for the whole class instead of one per test; its fake model forgets its script and requests before
     * each test. For classes whose tests do not change what the others see.
     */
    boolean shared() default false;

    /**
     * How long the app waits for its model before giving up. Short, so that fault tests stay fast; longer for tests
     * that hold a reply open until they cancel it.
     */
    int modelTimeoutSeconds() default 3;
}
