package io.agentdeck.testing;

import io.agentdeck.api.security.RateLimiter.RateLimit;
import io.agentdeck.engine.Engine;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link AppTest}. The app is started when a method first asks for it and kept in the JUnit store
 * of the test (or, shared, of the class), which closes it, with its fake model and its temp directory, when that
 * test (or class) ends.
 */
public final class TestAppExtension implements ParameterResolver, BeforeAllCallback, BeforeEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TestAppExtension.class);
    /** More than any test sends: for {@code rateLimited = false}. */
    private static final RateLimit UNLIMITED = new RateLimit(1_000_000, 1_000_000);

    private static final Set<Class<?>> PROVIDED =
            Set.of(TestApp.class, FakeOpenAiServer.class, HttpJson.class, Engine.class, InlineShell.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return PROVIDED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return part(context, parameter.getParameter().getType());
    }

    /** A per-class test instance of a shared app gets its fields before {@code @BeforeAll} runs. */
    @Override
    public void beforeAll(ExtensionContext context) {
        if (settings(context).shared()) {
            context.getTestInstance().ifPresent(instance -> fill(instance, context));
        }
    }

    /**
     * Fills the {@link FromApp} fields; a shared app's model starts every test without the script or the requests of
     * the test before.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        if (settings(context).shared()) {
            appFor(context).model().reset();
        }
        fill(context.getRequiredTestInstance(), context);
    }

    private static Object part(ExtensionContext context, Class<?> type) {
        TestApp app = appFor(context);
        if (type == InlineShell.class) {
            // One shell a test, closed (by JUnit, before the app) when the test ends.
            return context.getStore(NAMESPACE)
                    .getOrComputeIfAbsent(InlineShell.class, key -> InlineShell.startedOver(app), InlineShell.class);
        }
        if (type == FakeOpenAiServer.class) {
            return app.model();
        }
        if (type == HttpJson.class) {
            return app.http();
        }
        if (type == Engine.class) {
            return app.engine();
        }
        return app;
    }

    private static void fill(Object instance, ExtensionContext context) {
        for (Field field : AnnotationSupport.findAnnotatedFields(instance.getClass(), FromApp.class)) {
            if (!PROVIDED.contains(field.getType())) {
                throw new IllegalStateException("@FromApp cannot fill " + field + ": it provides " + PROVIDED);
            }
            try {
                field.setAccessible(true);
                field.set(instance, part(context, field.getType()));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Cannot fill " + field, e);
            }
        }
    }

    private static TestApp appFor(ExtensionContext context) {
        AppTest settings = settings(context);
        ExtensionContext.Store store =
                settings.shared() || context.getTestMethod().isEmpty()
                        ? classStore(context)
                        : context.getStore(NAMESPACE);
        return store.getOrComputeIfAbsent(RunningApp.class, key -> RunningApp.start(settings), RunningApp.class)
                .app();
    }

    private static ExtensionContext.Store classStore(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()
                && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE);
    }

    private static AppTest settings(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), AppTest.class)
                .orElseThrow(() -> new IllegalStateException("TestAppExtension is used through @AppTest"));
    }

    /** An app with its own temp directory; JUnit closes it when the store's test or class ends. */
    private record RunningApp(TestApp app, Path dataDir) implements AutoCloseable {
        static RunningApp start(AppTest settings) {
            Path dataDir = TempDirectory.create();
            Duration modelTimeout = Duration.ofSeconds(settings.modelTimeoutSeconds());
            TestApp app = !settings.api()
                    ? TestApp.engineOnly(dataDir, modelTimeout)
                    : TestApp.withFakeModel(
                            dataDir, settings.rateLimited() ? RateLimit.DEFAULT : UNLIMITED, modelTimeout);
            return new RunningApp(settings.initialized() ? app.initialized() : app, dataDir);
        }

        @Override
        public void close() throws IOException {
            app.close();
            TempDirectory.delete(dataDir);
        }
    }
}
