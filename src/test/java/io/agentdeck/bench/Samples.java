package io.agentdeck.bench;

import java.util.Arrays;

/** Durations in nanoseconds, safe to add to from several threads; percentiles by nearest rank. */
final class Samples {
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized void addAll(Samples other) {
        long[] theirs = other.sorted();
        for (long value : theirs) {
            add(value);
        }
    }

    synchronized int count() {
        return size;
    }

    /** The p-th percentile (0 < p <= 100) in milliseconds; NaN when there are no samples. */
    double percentileMs(double p) {
        long[] sorted = sorted();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)] / 1e6;
    }

    double p50() {
        return percentileMs(50);
    }

    /**
     * The median in milliseconds, the two middle values' mean for an even count: what a row that says "median of 2"
     * means (the nearest-rank {@link #p50()} of two values is the lower one). NaN when there are no samples.
     */
    double medianMs() {
        long[] sorted = sorted();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int middle = sorted.length / 2;
        double nanos = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
        return nanos / 1e6;
    }

    double p99() {
        return percentileMs(99);
    }

    double maxMs() {
        return percentileMs(100);
    }

    synchronized long[] sorted() {
        long[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        return copy;
    }
}
