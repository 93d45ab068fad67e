package io.agentdeck.ui;

import static io.agentdeck.testing.Waits.WAIT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.agentdeck.engine.Engine;
import io.agentdeck.engine.agent.CoreAgents;
import io.agentdeck.engine.chat.MessageRequest;
import io.agentdeck.testing.AppTest;
import io.agentdeck.testing.FakeReply;
import io.agentdeck.testing.FromApp;
import io.agentdeck.testing.TestApp;
import io.agentdeck.ui.view.ViewFactory;
import io.agentdeck.ui.viewmodel.DashboardViewModel;
import io.agentdeck.ui.viewmodel.TimelineEntry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.Clipboard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The dashboard page in a shown window under Monocle, on the real engine against the fake model. */
@AppTest
class DashboardPageTest {
    @FromApp
    private TestApp app;

    @FromApp
    private Engine engine;

    @RegisterExtension
    final PageStage page = new PageStage();

    private final FxRobot robot = new FxRobot();
    private DashboardViewModel dashboard;

    private void show(String userAgentStylesheet) throws Exception {
        DesktopBackend backend = TestAppBackend.of(app);
        page.show(() -> {
            Application.setUserAgentStylesheet(userAgentStylesheet);
            dashboard = new DashboardViewModel(backend, page.bridgeTo(engine), page.background());
            page.closeWith(dashboard::close);
            Parent root = new ViewFactory(page.shellOn(engine)).loadDashboard(dashboard);
            Scene scene = new Scene(root, 1100, 720);
            scene.getStylesheets().addAll(stylesheet("app.css"), stylesheet("dashboard.css"));
            return scene;
        });
        robot.interact(dashboard::activate);
        WaitForAsyncUtils.waitFor(
                WAIT_SECONDS,
                TimeUnit.SECONDS,
                () -> DashboardLookup.statusOf(robot, "Driver").isPresent());
    }

    private static String stylesheet(String name) {
        return Objects.requireNonNull(DashboardPageTest.class.getResource("/io/agentdeck/ui/" + name))
                .toExternalForm();
    }

    private String labelText(String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, condition);
    }

    @Test
    void theDriverRowShowsBusyWhileTheModelAnswersAndIdleAfterwards() throws Exception {
        show(new PrimerLight().getUserAgentStylesheet());
        assertThat(DashboardLookup.statusOf(robot, "Driver")).contains("idle");
        app.model().enqueue(FakeReply.text("a slow and careful answer").after(Duration.ofMillis(1500)));

        engine.sendMessageAsync(MessageRequest.of(CoreAgents.DRIVER_ID, "take your time"), Optional.empty());

        waitUntil(() -> DashboardLookup.statusOf(robot, "Driver").orElse("").equals("busy"));
        waitUntil(() -> DashboardLookup.statusOf(robot, "Driver").orElse("").equals("idle"));
        LineChart<?, ?> chart = robot.lookup("#metricsChart").queryAs(LineChart.class);
        waitUntil(() -> chart.getData().getFirst().getData().size() == 1);
        assertThat(chart.getAnimated()).isFalse();
        ListView<?> timeline = robot.lookup("#eventTimeline").queryAs(ListView.class);
        assertThat(timeline.getItems())
                .extracting(entry -> ((TimelineEntry) entry).text())
                .contains("Driver is busy", "Driver is idle");
    }

    @Test
    void theTaskTilesFollowATask() throws Exception {
        show(new PrimerDark().getUserAgentStylesheet());
        assertThat(labelText("#succeededCount")).isEqualTo("0");
        app.model().enqueue(FakeReply.text("the day, summarised").after(Duration.ofMillis(1500)));

        engine.processOperatorTask("summarise the day");

        waitUntil(() -> labelText("#runningCount").equals("1"));
        waitUntil(() -> labelText("#succeededCount").equals("1"));
        assertThat(labelText("#queuedCount")).isEqualTo("0");
        assertThat(labelText("#runningCount")).isEqualTo("0");
        assertThat(labelText("#failedCount")).isEqualTo("0");
        assertThat(labelText("#cancelledCount")).isEqualTo("0");
    }

    @Test
    void theApiPanelShowsTheApiAndCopiesTheTokenToTheClipboard() throws Exception {
        show(new PrimerLight().getUserAgentStylesheet());
        waitUntil(() -> labelText("#apiState").equals("Running at " + app.baseUrl()));
        assertThat(labelText("#apiToken")).isEqualTo(app.token().substring(0, 4) + "…");
        assertThat(labelText("#modelState")).contains("fake-model");
        assertThat(labelText("#databaseState")).endsWith("connected");

        robot.clickOn("#copyTokenButton");

        waitUntil(() -> labelText("#tokenMessage").equals("Token copied to the clipboard"));
        waitUntil(() -> app.token()
                .equals(WaitForAsyncUtils.asyncFx(
                                () -> Clipboard.getSystemClipboard().getString())
                        .get()));
    }
}
