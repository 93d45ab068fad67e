package io.agentdeck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What the numbers were measured on. */
record MachineInfo(int cores, String cpu, long memoryKib, String jdk, String loadBefore) {
    static MachineInfo current() {
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                procLine(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU"),
                procLine(Path.of("/proc/meminfo"), "MemTotal")
                        .map(value -> Long.parseLong(value.replaceAll("[^0-9]", "")))
                        .orElse(0L),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                loadAverage());
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "%d cores (nproc), %s, %.1f GiB RAM, %s, %s %s",
                cores,
                cpu,
                memoryKib / 1024.0 / 1024.0,
                jdk,
                System.getProperty("os.name"),
                System.getProperty("os.version"));
    }

    /** The 1, 5 and 15 minute load averages: other builds on the machine show here. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static Optional<String> procLine(Path file, String key) {
        try (var lines = Files.lines(file)) {
            return lines.filter(line -> line.startsWith(key))
                    .findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
