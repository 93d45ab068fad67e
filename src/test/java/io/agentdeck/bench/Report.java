package io.agentdeck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results table, printed as it fills and written as Markdown at the end. */
final class Report {
    /** One line of the table; the floor and the target may be empty. */
    record Row(String benchmark, String metric, String value, String floor, String target) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void row(String benchmark, String metric, String value, String floor, String target) {
        Row row = new Row(benchmark, metric, value, floor, target);
        rows.add(row);
        System.out.println(markdownRow(row));
    }

    synchronized void note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
    }

    synchronized String markdown(MachineInfo machine, String command, double scale, String took) {
        StringBuilder md = new StringBuilder();
        md.append("# AgentDeck benchmarks\n\n");
        md.append("- Date: ").append(LocalDate.now()).append('\n');
        md.append("- Machine: ").append(machine.describe()).append('\n');
        md.append("- Load average before / after: ")
                .append(machine.loadBefore())
                .append(" / ")
                .append(MachineInfo.loadAverage())
                .append('\n');
        md.append("- Command: `").append(command).append("`");
        if (scale != 1.0) {
            md.append(" with `-Dbench.scale=").append(scale).append('`');
        }
        md.append('\n');
        md.append("- Run time: ").append(took).append("\n\n");
        md.append("| Benchmark | Metric | Measured | Floor | Target |\n");
        md.append("|---|---|---:|---:|---|\n");
        rows.forEach(row -> md.append(markdownRow(row)).append('\n'));
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n\n");
            notes.forEach(note -> md.append("- ").append(note).append('\n'));
        }
        return md.toString();
    }

    private static String markdownRow(Row row) {
        return "| " + String.join(" | ", row.benchmark(), row.metric(), row.value(), row.floor(), row.target()) + " |";
    }

    static void write(Path file, String markdown) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        if (Math.abs(millis) >= 100) {
            return String.format(Locale.ROOT, "%,.0f ms", millis);
        }
        if (Math.abs(millis) >= 10) {
            return String.format(Locale.ROOT, "%.1f ms", millis);
        }
        return String.format(Locale.ROOT, "%.2f ms", millis);
    }

    static String msPair(double p50, double p99) {
        return ms(p50) + " / " + ms(p99);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f /s", perSecond);
    }

    static String mib(long kib) {
        return String.format(Locale.ROOT, "%,.0f MiB", kib / 1024.0);
    }
}
