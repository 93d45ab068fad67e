package io.agentdeck;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Gives back the memory start-up used once the app has been ready for a moment. Starting leaves the heap two to three
 * times larger than what the idle app keeps alive (Flyway's and Hibernate's metadata, the window's FXML, the agents'
 * first reads), and the JVM keeps it committed until a collection decides to shrink it, which on an idle app may be
 * never. Run with G1, an explicit collection as a concurrent cycle ({@code -XX:+ExplicitGCInvokesConcurrent}) and
 * at most 30 % of the heap free ({@code -XX:MaxHeapFreeRatio=30}), the cycle's remark returns the rest; that is how a
 * team server switched back to G1 runs (docs/installers.md). That cycle pauses the app for a few milliseconds only, so
 * it is asked for only where those options hold: a JVM without them (tests, a debugger, the installed app's serial
 * collector, ADR 31, whose full collection gave nothing back) would stop for a full collection instead.
 */
final class HeapAfterStart {
    static final Duration QUIET = Duration.ofSeconds(2);

    private final Duration quiet;
    private final BooleanSupplier concurrentCollection;
    private final Runnable collect;

    HeapAfterStart(Duration quiet, BooleanSupplier concurrentCollection, Runnable collect) {
        this.quiet = quiet;
        this.concurrentCollection = concurrentCollection;
        this.collect = collect;
    }

    /** The JVM's own: {@link System#gc()}, when the JVM runs it as a concurrent cycle. */
    static HeapAfterStart ofThisJvm() {
        return new HeapAfterStart(QUIET, HeapAfterStart::explicitCollectionIsConcurrent, System::gc);
    }

    /** Called once the app is ready: after a quiet moment, one collection on a virtual thread of its own. */
    Thread releaseSoon() {
        return Thread.ofVirtual().name("heap-after-start").start(() -> {
            if (!concurrentCollection.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(quiet);
            } catch (InterruptedException e) {
                return;
            }
            collect.run();
        });
    }

    static boolean explicitCollectionIsConcurrent() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotSpot != null
                    && Boolean.parseBoolean(
                            hotSpot.getVMOption("ExplicitGCInvokesConcurrent").getValue());
        } catch (IllegalArgumentException | UnsupportedOperationException notHotSpot) {
            return false;
        }
    }
}
