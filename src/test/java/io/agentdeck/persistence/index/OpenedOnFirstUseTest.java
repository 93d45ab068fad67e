package io.agentdeck.persistence.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.engine.knowledge.index.IndexedPassage;
import io.agentdeck.engine.knowledge.index.OpenedOnFirstUse;
import io.agentdeck.engine.knowledge.index.PassageIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The knowledge index opened on first use, over a real Lucene index on disk. */
class OpenedOnFirstUseTest {
    private static final int DIMENSIONS = 4;

    @TempDir
    Path dir;

    private static IndexedPassage passage(long id, String text) {
        return new IndexedPassage(id, 10, 1, text, new float[] {1, 0, 0, id});
    }

    private OpenedOnFirstUse lazily(AtomicInteger openings) {
        return new OpenedOnFirstUse(() -> {
            openings.incrementAndGet();
            return new LucenePassageIndex(dir.resolve("index"), DIMENSIONS);
        });
    }

    @Test
    void nothingIsOpenedOrWrittenUntilTheFirstUseAndThenOnlyOnce() throws Exception {
        AtomicInteger openings = new AtomicInteger();
        List<Long> checkedSizes = Collections.synchronizedList(new ArrayList<>());
        try (OpenedOnFirstUse index = lazily(openings)) {
            index.whenOpened(opened -> checkedSizes.add(opened.size()));
            assertThat(index.isOpen()).isFalse();
            assertThat(openings).hasValue(0);
            assertThat(dir.resolve("index")).doesNotExist();
            assertThat(checkedSizes).isEmpty();

            // Eight first uses at once: one opening, one check, and every use sees the opened index.
            CountDownLatch go = new CountDownLatch(1);
            try (var threads = Executors.newFixedThreadPool(8)) {
                List<Future<Long>> sizes = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    sizes.add(threads.submit(() -> {
                        go.await();
                        return index.size();
                    }));
                }
                go.countDown();
                for (Future<Long> size : sizes) {
                    assertThat(size.get()).isZero();
                }
            }
            assertThat(openings).hasValue(1);
            assertThat(checkedSizes).containsExactly(0L);
            assertThat(index.isOpen()).isTrue();

            index.add(List.of(passage(1, "the release train leaves on Fridays")));
            assertThat(index.search("release", null, Set.of(1L), 3))
                    .extracting(hit -> hit.passageId())
                    .containsExactly(1L);
            assertThat(openings).hasValue(1);
        }
    }

    @Test
    void theCheckRunsBeforeAnyUseAndCanRepairWhatItFinds() {
        // A first session leaves two passages on disk.
        try (var first = new LucenePassageIndex(dir.resolve("index"), DIMENSIONS)) {
            first.add(List.of(passage(1, "alpha"), passage(2, "beta")));
        }
        AtomicInteger openings = new AtomicInteger();
        try (OpenedOnFirstUse index = lazily(openings)) {
            // The database knows only the first: the check rebuilds before the search below can see the second.
            index.whenOpened(opened -> {
                if (opened.size() != 1) {
                    opened.rebuild(List.of(passage(1, "alpha")).iterator());
                }
            });
            assertThat(index.searchAll("beta", null, 5)).isEmpty();
            assertThat(index.size()).isEqualTo(1);
        }
    }

    @Test
    void aCheckGivenAfterTheOpeningRunsAtOnce() {
        try (OpenedOnFirstUse index = lazily(new AtomicInteger())) {
            index.add(List.of(passage(1, "alpha")));
            List<Long> checked = new ArrayList<>();
            index.whenOpened(opened -> checked.add(opened.size()));
            assertThat(checked).containsExactly(1L);
        }
    }

    @Test
    void aFailedCheckIsThrownToItsUseReleasesTheIndexAndIsTriedAgainByTheNextUse() {
        AtomicInteger openings = new AtomicInteger();
        AtomicInteger checks = new AtomicInteger();
        try (OpenedOnFirstUse index = lazily(openings)) {
            index.whenOpened(opened -> {
                if (checks.incrementAndGet() == 1) {
                    throw new IllegalStateException("the database did not answer");
                }
            });
            assertThatThrownBy(index::size).hasMessage("the database did not answer");
            assertThat(index.isOpen()).isFalse();

            // The failed opening let go of Lucene's write lock, or this second opening would fail.
            assertThat(index.size()).isZero();
            assertThat(openings).hasValue(2);
            assertThat(checks).hasValue(2);
        }
    }

    @Test
    void openingAtOnceRunsTheCheckBeforeAnyChange() {
        AtomicInteger openings = new AtomicInteger();
        List<Long> checked = new ArrayList<>();
        try (OpenedOnFirstUse index = lazily(openings)) {
            index.whenOpened(opened -> checked.add(opened.size()));
            index.open();
            assertThat(index.isOpen()).isTrue();
            assertThat(checked).containsExactly(0L);
            index.open();
            assertThat(openings).hasValue(1);
        }
    }

    @Test
    void aCheckThatUsesTheWrapperInsteadOfTheIndexItWasGivenIsRefused() {
        AtomicInteger openings = new AtomicInteger();
        try (OpenedOnFirstUse index = lazily(openings)) {
            index.whenOpened(opened -> index.size());
            assertThatThrownBy(index::size)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("The knowledge index was used by its own check before it opened.");
            assertThat(openings).as("no second index over the same directory").hasValue(1);
            assertThat(index.isOpen()).isFalse();
        }
    }

    @Test
    void closedBeforeAnyUseItNeverOpensAndAnswersNoMore() {
        AtomicInteger openings = new AtomicInteger();
        OpenedOnFirstUse index = lazily(openings);
        index.close();
        assertThatThrownBy(index::size)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The knowledge index is closed.");
        assertThat(openings).hasValue(0);
        assertThat(Files.exists(dir.resolve("index"))).isFalse();
    }

    @Test
    void closingAnOpenedIndexClosesTheIndexBehindIt() {
        AtomicInteger openings = new AtomicInteger();
        OpenedOnFirstUse index = lazily(openings);
        index.add(List.of(passage(1, "alpha")));
        index.close();
        assertThatThrownBy(index::size)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The knowledge index is closed.");
        // Closed for real: another index can take the directory's lock and finds the passage committed.
        try (PassageIndex again = new LucenePassageIndex(dir.resolve("index"), DIMENSIONS)) {
            assertThat(again.size()).isEqualTo(1);
        }
    }
}
