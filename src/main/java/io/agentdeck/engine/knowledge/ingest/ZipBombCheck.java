package io.agentdeck.engine.knowledge.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Looks into a zip-based file (DOCX, PPTX, XLSX, ODF, ZIP) before Tika unpacks it. Tika's own guard counts the
 * characters its parsers emit, but its Word and PowerPoint handlers gather a whole run of text before emitting it (and
 * Tika switches off POI's zip-bomb guard), so a run that unpacks to gigabytes would already be in memory when the
 * count sees it. The sizes in the zip's directory show such an entry without unpacking anything.
 *
 * <p>A zip that lies about its sizes gets past this; Tika's character count and the time limit remain for it.
 */
final class ZipBombCheck {
    /** Entries that unpack to less than this are never suspect, whatever their ratio. */
    static final long SUSPECT_FROM_BYTES = 1024L * 1024;
    /**
     * The least compressed size per unpacked byte: 1/500. Real documents stay far above it; deflate cannot go much
     * below 1/1000, which is where plain repeats, a zip bomb's filling, land.
     */
    static final double MIN_COMPRESSION_RATIO = 0.002;
    /** More than this in all entries together is refused whatever their ratios. */
    static final long MAX_EXPANDED_BYTES = 4L * 1024 * 1024 * 1024;

    private ZipBombCheck() {}

    static boolean looksLikeBomb(Path file) {
        if (!isZip(file)) {
            return false;
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            long total = 0;
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                long size = entry.getSize();
                long compressed = entry.getCompressedSize();
                if (size < 0 || compressed < 0) {
                    continue;
                }
                total += size;
                if (total > MAX_EXPANDED_BYTES
                        || (size > SUSPECT_FROM_BYTES && compressed < size * MIN_COMPRESSION_RATIO)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // not a zip that Java reads; Tika's parsers will say what it is
        }
    }

    private static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }
}
